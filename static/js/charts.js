// Shared chart setup for every ECharts chart and the map (vendor/echarts/echarts.min.js first).
// The server computes the numbers and renders them as a table too; the charts read the same
// numbers from a json_script block, so the pages work without JavaScript and without colour.
// Others add their charts with TrackerCharts.register("name", function (element, data) {...}).
(function () {
  "use strict";

  // Outcome colours follow the badges in tracker.css; decals (aria.decal) tell series apart without colour.
  var OUTCOME_COLOURS = {
    met_on_time: "#1e7a46",
    met_late: "#7bb38f",
    partly_met: "#b26a00",
    missed: "#7a1712",
    overdue_no_evidence: "#d9534f",
    not_yet_due: "#8796a5",
    waiting: "#c2cad2",
    met_no_deadline: "#4c8f6a",
    no_deadline: "#dfe4e9",
    cancelled: "#5f6b76",
    active: "#0f5e6e",
    ended: "#9aa7b3",
  };
  var PALETTE = ["#0f5e6e", "#b26a00", "#5b4ea8", "#1e7a46", "#b3261e", "#2f7fbf", "#8a5a2b", "#6b7a2a", "#a23b72", "#3d4f5c", "#c28a00"];
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK JP', sans-serif";
  var builders = {};

  function readData(id) {
    var script = document.getElementById(id);
    return script ? JSON.parse(script.textContent) : null;
  }

  function colourFor(key, index) {
    return OUTCOME_COLOURS[key] || PALETTE[index % PALETTE.length];
  }

  // The options every chart shares: SVG, ARIA description and decals, tooltips drawn inside the
  // SVG (richText: no HTML with style attributes, which the CSP refuses), no animation.
  function baseOption(extra) {
    var option = {
      aria: { enabled: true, decal: { show: true } },
      animation: false,
      textStyle: { fontFamily: FONT, color: "#1f2a33" },
      tooltip: { renderMode: "richText", confine: true },
    };
    return Object.assign(option, extra || {});
  }

  function init(element) {
    var chart = echarts.init(element, null, { renderer: "svg", locale: document.documentElement.lang === "de" ? "DE" : "EN" });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(element);
    }
    return chart;
  }

  // Stacked bars: data = {categories: [...], series: [{key, name, data: [...]}]};
  // element.dataset.orientation "horizontal" puts the categories on the y axis (long labels).
  function stackedBars(element, data) {
    var horizontal = element.dataset.orientation === "horizontal";
    var categoryAxis = { type: "category", data: data.categories, axisLabel: { hideOverlap: true } };
    var valueAxis = { type: "value", minInterval: 1 };
    if (horizontal) {
      categoryAxis.inverse = true;
      categoryAxis.axisLabel.width = 160;
      categoryAxis.axisLabel.overflow = "truncate";
      // One bar per row: the height grows with the rows (CSSOM, which the CSP allows).
      element.style.height = Math.max(160, 28 * data.categories.length + 80) + "px";
    }
    var chart = init(element);
    chart.setOption(baseOption({
      legend: { type: "scroll", top: 0 },
      grid: { top: 40, left: 8, right: 16, bottom: 8, containLabel: true },
      tooltip: { renderMode: "richText", confine: true, trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: data.series.map(function (series, index) {
        return {
          type: "bar",
          name: series.name,
          stack: "total",
          data: series.data,
          itemStyle: { color: colourFor(series.key, index) },
          emphasis: { focus: "series" },
        };
      }),
    }));
    if (data.links) {
      chart.on("click", function (params) {
        var url = data.links[params.dataIndex];
        if (url) {
          window.location.assign(url);
        }
      });
    }
    return chart;
  }

  function register(name, builder) {
    builders[name] = builder;
  }

  function start() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var builder = builders[element.dataset.chart];
      var data = readData(element.dataset.source);
      if (builder && data) {
        element.hidden = false;
        element.chart = builder(element, data);
      }
    });
  }

  register("stacked-bars", stackedBars);
  window.TrackerCharts = {
    baseOption: baseOption,
    colourFor: colourFor,
    init: init,
    readData: readData,
    register: register,
  };
  // Deferred scripts run in order before DOMContentLoaded, so every register() call is in by then.
  document.addEventListener("DOMContentLoaded", start);
})();
