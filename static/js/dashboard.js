/* Draws the dashboard's charts with ECharts from the figures the page embeds (the same JSON as
   /dashboard/<unit>/data/). The tables beside the charts carry the numbers for screen readers;
   the charts are hidden from them. Canvas rendering: the page's CSP forbids inline styles,
   which ECharts' SVG and tooltip markup would need. */
(function () {
  "use strict";

  function option(chart, el) {
    const series = chart.series;
    const base = {
      animation: false,
      tooltip: { trigger: chart.kind === "pie" ? "item" : "axis", renderMode: "richText" },
      legend: series.length > 1 ? { top: 0 } : undefined,
      // On a phone a legend of three series takes two lines: the plot starts below it.
      grid: { left: 8, right: 16, top: series.length > 1 ? (el.clientWidth < 480 ? 56 : 32) : 12, bottom: 8, containLabel: true },
    };
    if (chart.kind === "pie") {
      return Object.assign(base, {
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          center: ["50%", "42%"],
          label: { show: false },
          data: chart.labels
            .map((name, i) => ({ name: name, value: series[0].values[i] }))
            .filter((item) => item.value > 0),
        }],
      });
    }
    const horizontal = chart.kind === "hbar";
    const category = {
      type: "category",
      data: chart.labels,
      inverse: horizontal,
      // Every label shown; long ones wrap within their own column (vertical bars: the width of
      // the box shared by the labels, so they never overlap on a phone) or are cut (horizontal).
      axisLabel: {
        width: horizontal ? 150 : Math.max(40, Math.floor((el.clientWidth - 60) / chart.labels.length) - 6),
        overflow: horizontal ? "truncate" : "break",
        lineHeight: 13,
        interval: 0,
        // Twelve "Tháng N" cannot share a phone's width: the axis shows the short forms.
        formatter: chart.axis_labels && chart.axis_labels.length ? (label, i) => chart.axis_labels[i] : undefined,
      },
    };
    const value = { type: "value", minInterval: 1 };
    return Object.assign(base, {
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series.map((s) => ({
        name: s.name,
        type: chart.kind === "line" ? "line" : "bar",
        data: s.values,
      })),
    });
  }

  function draw() {
    const source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) return;
    const data = JSON.parse(source.textContent);
    const drawn = [];
    for (const chart of data.charts) {
      const el = document.querySelector('[data-chart="' + chart.key + '"]');
      if (!el) continue;
      if (chart.kind === "hbar") {
        // One bar row per label, so a long list of units stays readable.
        el.style.height = Math.max(240, 28 * chart.labels.length + 60) + "px";
      }
      const instance = window.echarts.init(el, null, { renderer: "canvas" });
      instance.setOption(option(chart, el));
      if (chart.links && chart.links.some(Boolean)) {
        // Drill-down: a unit's bar opens that unit's dashboard.
        instance.on("click", (params) => {
          const link = chart.links[params.dataIndex];
          if (link) window.location.href = link;
        });
      }
      drawn.push(instance);
    }
    window.addEventListener("resize", () => drawn.forEach((instance) => instance.resize()));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
