// Charts of the level pages: for every <canvas data-level-chart="id"> draw the chart whose
// data json_script wrote to <script id="id">. Kinds: "bar" (grouped), "stacked" (stacked
// bars) and "calibration" (predicted vs observed, with the diagonal). The same figures are
// always on the page as a table; the chart is for sighted users.
(function () {
  "use strict";

  var PALETTE = ["#0059b3", "#008139", "#b35900", "#6a2c91", "#a60f0f", "#4d4d4d"];

  function axis(title, extra) {
    var scale = { beginAtZero: true, title: { display: !!title, text: title || "" } };
    return Object.assign(scale, extra || {});
  }

  function config(data) {
    if (data.type === "calibration") {
      var datasets = data.datasets.map(function (set, index) {
        return {
          type: "line",
          label: set.label,
          data: set.points.map(function (p) { return { x: p[0], y: p[1] }; }),
          borderColor: PALETTE[index],
          backgroundColor: PALETTE[index],
          showLine: true,
        };
      });
      datasets.push({
        type: "line",
        label: data.diagonal_label,
        data: [{ x: 0, y: 0 }, { x: 1, y: 1 }],
        borderColor: "#999999",
        borderDash: [6, 4],
        pointRadius: 0,
      });
      var percent = { callback: function (v) { return Math.round(v * 100) + " %"; } };
      return {
        type: "scatter",
        data: { datasets: datasets },
        options: {
          scales: {
            x: axis(data.x_title, { min: 0, max: 1, ticks: percent }),
            y: axis(data.y_title, { min: 0, max: 1, ticks: percent }),
          },
        },
      };
    }
    var stacked = data.type === "stacked";
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, index) {
          return { label: set.label, data: set.data, backgroundColor: PALETTE[index % PALETTE.length] };
        }),
      },
      options: {
        scales: {
          x: { stacked: stacked },
          y: axis(data.y_title, { stacked: stacked }),
        },
      },
    };
  }

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) { return; }
    var source = document.getElementById(canvas.dataset.levelChart);
    if (!source) { return; }
    var chart = config(JSON.parse(source.textContent));
    chart.options.responsive = true;
    chart.options.maintainAspectRatio = false;
    chart.options.animation = false;
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, chart);
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-level-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
