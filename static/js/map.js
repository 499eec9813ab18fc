// The parties map (needs charts.js, echarts and topojson-client). The table beside it carries
// every number; the map shades countries by the measure the form selects (?map=agreements|late).
(function () {
  "use strict";

  var SHADES = ["#eef3f5", "#c6e0e5", "#8cc2cc", "#3f8f9e", "#0f5e6e"];
  // Buckets of a count: 0, 1, 2-3, 4-7, 8 and more; each its shade and its decal density.
  var PIECES = [{ min: 0, max: 0 }, { min: 1, max: 1 }, { min: 2, max: 3 }, { min: 4, max: 7 }, { min: 8 }];

  function bucket(value) {
    for (var i = PIECES.length - 1; i >= 0; i--) {
      if (value >= PIECES[i].min) {
        return i;
      }
    }
    return 0;
  }

  function decal(index) {
    // Denser dots for higher counts: the shading does not rely on colour alone.
    if (index === 0) {
      return { symbol: "none" };
    }
    return { symbol: "circle", symbolSize: 0.3 + 0.15 * index, dashArrayX: [[1, 0], [1, 0]], dashArrayY: [7 - index, 0], color: "rgba(0, 0, 0, 0.35)" };
  }

  var ANTARCTICA = "010";

  // Rings that cross the antimeridian (Russia, Fiji) would draw a line across the whole map:
  // their western points move east of 180 degrees instead.
  function unwrap(ring) {
    var crosses = ring.some(function (point, i) { return i > 0 && Math.abs(point[0] - ring[i - 1][0]) > 180; });
    return crosses ? ring.map(function (point) { return point[0] < 0 ? [point[0] + 360, point[1]] : point; }) : ring;
  }

  function polygons(geometry) {
    if (geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrap);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (polygon) { return polygon.map(unwrap); });
    }
  }

  function mapOption(data, measure) {
    return TrackerCharts.baseOption({
      // The decals are per bucket (below), not per series.
      aria: { enabled: true, decal: { show: false }, label: { description: data.descriptions[measure] } },
      tooltip: {
        renderMode: "richText",
        confine: true,
        formatter: function (params) {
          return params.data ? params.data.texts[measure] : params.name;
        },
      },
      series: [{
        type: "map",
        map: "world",
        nameProperty: "iso",
        roam: false,
        left: 0,
        right: 0,
        top: 8,
        bottom: 8,
        selectedMode: false,
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#f2c14e" } },
        itemStyle: { areaColor: "#f7f9fa", borderColor: "#9aa7b3", borderWidth: 0.5 },
        data: data.rows.map(function (row) {
          var value = row[measure];
          var index = bucket(value);
          return {
            name: row.iso,
            value: value,
            url: row.url,
            texts: row.texts,
            itemStyle: { areaColor: SHADES[index], decal: decal(index) },
          };
        }),
      }],
    });
  }

  function sortTable(table, measure) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      return Number(b.dataset[measure]) - Number(a.dataset[measure]) || a.dataset.name.localeCompare(b.dataset.name);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[data-measure]").forEach(function (th) {
      if (th.dataset.measure === measure) {
        th.setAttribute("aria-sort", "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function start(element, data) {
    var form = document.getElementById(element.dataset.form);
    var table = document.getElementById(element.dataset.table);
    var measure = element.dataset.measure;
    var chart = TrackerCharts.init(element);
    fetch(element.dataset.atlas)
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        var world = topojson.feature(topology, topology.objects.countries);
        world.features = world.features.filter(function (feature) { return feature.id !== ANTARCTICA && feature.geometry; });
        world.features.forEach(function (feature) {
          feature.properties.iso = feature.id;
          polygons(feature.geometry);
        });
        echarts.registerMap("world", world);
        chart.setOption(mapOption(data, measure));
        element.dataset.ready = "true";
      });
    chart.on("click", function (params) {
      if (params.data && params.data.url) {
        window.location.assign(params.data.url);
      }
    });
    if (form) {
      form.querySelectorAll("[data-js-hidden]").forEach(function (button) { button.hidden = true; });
      form.addEventListener("change", function () {
        measure = new FormData(form).get("map");
        chart.setOption(mapOption(data, measure), { replaceMerge: ["series"] });
        element.dataset.measure = measure;
        var url = new URL(window.location.href);
        url.searchParams.set("map", measure);
        window.history.replaceState(null, "", url);
        if (table) {
          sortTable(table, measure);
        }
      });
    }
    if (table) {
      // Focus or hover on a party in the table names it on the map as well.
      var show = function (event) {
        var link = event.target.closest && event.target.closest("a[data-iso]");
        if (link) {
          chart.dispatchAction({ type: "highlight", seriesIndex: 0, name: link.dataset.iso });
          chart.dispatchAction({ type: "showTip", seriesIndex: 0, name: link.dataset.iso });
        }
      };
      var hide = function (event) {
        var link = event.target.closest && event.target.closest("a[data-iso]");
        if (link) {
          chart.dispatchAction({ type: "downplay", seriesIndex: 0, name: link.dataset.iso });
          chart.dispatchAction({ type: "hideTip" });
        }
      };
      table.addEventListener("focusin", show);
      table.addEventListener("mouseover", show);
      table.addEventListener("focusout", hide);
      table.addEventListener("mouseout", hide);
    }
    return chart;
  }

  TrackerCharts.register("party-map", start);
})();
