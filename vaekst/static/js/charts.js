// The one JS island: draws a Chart.js line/bar chart for every <canvas data-chart="id">,
// reading its data from the <script type="application/json" id="id"> that json_script wrote.
// The same figures are on the page as a table, so the chart is decoration for sighted users.
(function () {
  "use strict";

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      data: {
        labels: data.years,
        datasets: [
          {
            type: "bar",
            label: data.labels.employees,
            data: data.employees,
            yAxisID: "employees",
            backgroundColor: "#0059b3",
          },
          {
            type: "line",
            label: data.labels.gross_profit,
            data: data.gross_profit,
            yAxisID: "money",
            borderColor: "#b35900",
            backgroundColor: "#b35900",
            spanGaps: true,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          employees: {
            type: "linear", position: "left", beginAtZero: true,
            title: { display: true, text: data.labels.employees },
          },
          money: {
            type: "linear", position: "right", grid: { drawOnChartArea: false },
            title: { display: true, text: data.labels.gross_profit },
          },
        },
      },
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
