// The Gantt-like view of commitments (agreement page, deadline board): one row per milestone,
// a bar from the start of its clock to its deadline, a diamond at fulfilment, a dashed open
// end while it is late, today as a dashed line. The server lays out the rows (views/gantt.py);
// this only draws them, with the shared setup of charts.js. Each row's outcome is written in
// words beside it (and shaped: solid, outline, dashed), so colour is never the only cue.
(function () {
  "use strict";

  // Per marker style (timeline.py's marker_css), matching the timeline's dots in tracker.css.
  var COLOURS = {
    late: "#b3261e",
    completed: "#1d6b3a",
    partly: "#8a5a00",
    missed: "#7a1712",
    pending: "#0f5e6e",
    in_progress: "#0f5e6e",
    cancelled: "#8796a5",
    expiry: "#4f7f8a",
  };
  var INK = "#17212b";
  var ROW_HEIGHT = 42;
  var DAY = 86400000;

  function time(iso) {
    // Midnight local time, as ECharts' time axis reads "YYYY-MM-DD".
    return iso ? new Date(iso + "T00:00:00").getTime() : null;
  }

  function plain(text) {
    // Rich-text markup uses {name|text}: braces in a title would end it early.
    return String(text).replace(/[{}|]/g, " ");
  }

  function colour(row) {
    return COLOURS[row.css] || COLOURS.pending;
  }

  function barStyle(row) {
    var c = colour(row);
    if (row.css === "pending" || row.css === "in_progress") {
      return { fill: "#ffffff", stroke: c, lineWidth: 2 }; // not yet due: an outline
    }
    if (row.css === "expiry" || row.css === "cancelled") {
      return { fill: "#ffffff", stroke: c, lineWidth: 1.5, lineDash: [3, 2] };
    }
    return { fill: c, stroke: c, lineWidth: 1 };
  }

  function renderBar(rows, today, narrow) {
    return function (params, api) {
      var row = rows[params.dataIndex];
      var index = api.value(0);
      var start = api.coord([api.value(1), index]);
      var end = api.coord([api.value(2), index]);
      var band = api.size([0, 1])[1];
      var height = band * (narrow ? 0.26 : 0.34);
      // On a phone the title and outcome sit above the bar, across the whole chart's width.
      var top = narrow ? end[1] + band * 0.12 : end[1] - height / 2;
      var children = [
        {
          type: "rect",
          name: "gantt-bar",
          shape: { x: start[0], y: top, width: Math.max(end[0] - start[0], 3), height: height, r: 2 },
          style: barStyle(row),
        },
        {
          type: "line",
          name: "gantt-deadline",
          shape: { x1: end[0], y1: top - 4, x2: end[0], y2: top + height + 4 },
          style: { stroke: INK, lineWidth: 2 },
        },
      ];
      if (row.late) {
        var now = api.coord([today, index]);
        children.push({
          type: "rect",
          name: "gantt-open-end",
          shape: { x: end[0], y: top, width: Math.max(now[0] - end[0], 2), height: height },
          style: { fill: "none", stroke: colour(row), lineWidth: 1.5, lineDash: [4, 3] },
        });
      }
      if (row.fulfilled) {
        var mark = api.coord([time(row.fulfilled), index]);
        var r = height * 0.9;
        var cy = top + height / 2;
        children.push({
          type: "polygon",
          name: "gantt-fulfilled",
          shape: { points: [[mark[0], cy - r], [mark[0] + r, cy], [mark[0], cy + r], [mark[0] - r, cy]] },
          style: { fill: "#ffffff", stroke: INK, lineWidth: 1.5 },
        });
      }
      if (narrow) {
        var box = params.coordSys;
        children.push({
          type: "text",
          name: "gantt-title",
          style: {
            text: plain(row.label) + " · " + plain(row.title), // the outcome first: a long title is cut
            x: box.x,
            y: top - 4,
            verticalAlign: "bottom",
            width: box.width,
            overflow: "truncate",
            fontWeight: 600,
            fill: INK,
            backgroundColor: "rgba(255, 255, 255, 0.85)", // readable over the today line
          },
        });
      }
      return { type: "group", children: children };
    };
  }

  function renderToday(label) {
    return function (params, api) {
      var x = api.coord([api.value(0), 0])[0];
      var box = params.coordSys;
      return {
        type: "group",
        children: [
          {
            type: "line",
            name: "gantt-today",
            shape: { x1: x, y1: box.y, x2: x, y2: box.y + box.height },
            style: { stroke: INK, lineWidth: 2, lineDash: [5, 4] },
          },
          {
            type: "text",
            style: { text: label, x: x, y: box.y + box.height + 4, align: "center", verticalAlign: "top", fontWeight: 700, fill: INK },
          },
        ],
      };
    };
  }

  function gantt(element, data) {
    var rows = data.rows;
    var today = time(data.today);
    var narrow = element.clientWidth < 560;
    var labelWidth = 250;
    var rowHeight = narrow ? 56 : ROW_HEIGHT;
    var first = time(data.start);
    var last = time(data.end);
    var pad = Math.max((last - first) * 0.03, 7 * DAY);
    // One row per milestone: the height grows with the rows (CSSOM, which the CSP allows).
    element.style.height = rowHeight * rows.length + 64 + "px";
    var chart = TrackerCharts.init(element);
    var rich = { title: { fontWeight: 600, color: INK, width: labelWidth, overflow: "truncate", lineHeight: 16 } };
    Object.keys(COLOURS).forEach(function (key) {
      rich[key] = { color: COLOURS[key], width: labelWidth, overflow: "truncate", lineHeight: 16 };
    });
    var option = TrackerCharts.baseOption({
      grid: { top: 30, bottom: 30, left: narrow ? 8 : labelWidth + 14, right: 14 },
      tooltip: {
        renderMode: "richText",
        confine: true,
        trigger: "item",
        formatter: function (params) {
          return params.seriesIndex === 0 ? rows[params.dataIndex].tooltip : "";
        },
      },
      xAxis: {
        type: "time",
        position: "top",
        min: first - pad,
        max: last + pad,
        axisLabel: { hideOverlap: true },
        splitLine: { show: true, lineStyle: { color: "#e3e8ec" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map(function (row) { return row.title; }),
        axisTick: { show: false },
        axisLabel: {
          show: !narrow,
          width: labelWidth,
          formatter: function (value, index) {
            var row = rows[index];
            var style = COLOURS[row.css] ? row.css : "pending";
            return "{title|" + plain(value) + "}\n{" + style + "|" + plain(row.label) + "}";
          },
          rich: rich,
        },
      },
      series: [
        {
          type: "custom",
          name: data.words.chart,
          encode: { x: [1, 2], y: 0 },
          data: rows.map(function (row, index) {
            return [index, time(row.start || row.deadline), time(row.deadline)];
          }),
          renderItem: renderBar(rows, today, narrow),
        },
        {
          type: "custom",
          name: data.words.today,
          z: 1, // under the rows' titles on a phone
          silent: true,
          tooltip: { show: false },
          encode: { x: 0, y: 1 },
          data: [[today, 0]],
          renderItem: renderToday(data.words.today),
        },
      ],
    });
    option.aria.label = { description: data.words.description };
    option.aria.decal = { show: false }; // the bars carry their own patterns (outline, dashes)
    chart.setOption(option);
    // A click anywhere in a row's band opens its milestone: a big target on a phone, and it
    // still works when the tooltip (drawn inside the chart) lies under the pointer.
    chart.getZr().on("click", function (event) {
      var point = [event.offsetX, event.offsetY];
      if (!chart.containPixel("grid", point)) {
        return;
      }
      var row = rows[Math.round(chart.convertFromPixel({ seriesIndex: 0 }, point)[1])];
      if (row) {
        window.location.assign(row.url);
      }
    });
    return chart;
  }

  if (window.TrackerCharts) {
    window.TrackerCharts.register("gantt", gantt);
  }
})();
