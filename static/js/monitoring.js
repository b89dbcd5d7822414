// Charts of the monitoring dashboards: every <canvas data-chart="ID"> is drawn by the
// vendored Chart.js from the configuration in <script id="ID" type="application/json">,
// which the server builds (apps/monitoring/charts.py) with its labels already translated.
(function () {
  if (!window.Chart) return;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    new window.Chart(canvas, JSON.parse(source.textContent));
  });
})();
