// One ApexCharts instance per host element. ApexCharts itself is loaded once by App.razor (lib/apexcharts).
const charts = new WeakMap();

export function create(element, options) {
    destroy(element);
    const chart = new window.ApexCharts(element, options);
    charts.set(element, chart);
    return chart.render();
}

// In place: ApexCharts animates from the numbers shown to the new ones, without emptying the chart first.
export function update(element, options) {
    const chart = charts.get(element);
    if (!chart) {
        return create(element, options);
    }
    return chart.updateOptions(options, false, true);
}

export function destroy(element) {
    const chart = charts.get(element);
    if (chart) {
        charts.delete(element);
        chart.destroy();
    }
}
