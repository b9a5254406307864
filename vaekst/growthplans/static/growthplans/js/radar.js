// The mapping's radar chart: focus-area status (1-5) now against the previous mapping.
// The data comes from json_script; the same figures are on the page as a table.
(function () {
  "use strict";
  var COLOURS = ["#0059b3", "#b35900"];

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) { return; }
    var source = document.getElementById(canvas.dataset.radarChart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, index) {
          var colour = COLOURS[index % COLOURS.length];
          return {
            label: set.label, data: set.data, borderColor: colour, pointBackgroundColor: colour,
            backgroundColor: colour + "22", borderDash: index ? [6, 4] : [], spanGaps: true,
          };
        }),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { r: { min: 0, max: 5, ticks: { stepSize: 1 } } },
      },
    });
  }

  function drawAll() { document.querySelectorAll("canvas[data-radar-chart]").forEach(draw); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
