// Charts of the monitoring dashboard, drawn by the vendored Chart.js from data in the page.
(function () {
  const source = document.getElementById("meetings-data");
  const canvas = document.getElementById("meetings-chart");
  if (!source || !canvas || !window.Chart) return;
  const rows = JSON.parse(source.textContent);
  const labels = rows.map((row) => row.month.slice(5, 7) + "." + row.month.slice(0, 4));
  const lang = document.documentElement.lang || "ru";
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: labels,
      datasets: [
        { label: lang.startsWith("ru") ? "Встречи" : "Meetings", data: rows.map((r) => r.meetings), backgroundColor: "#0d6efd" },
        { label: lang.startsWith("ru") ? "Отзывы" : "Feedback", data: rows.map((r) => r.feedback), backgroundColor: "#20c997" },
      ],
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
