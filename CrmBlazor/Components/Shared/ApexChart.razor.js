// One ApexCharts instance per host element. ApexCharts itself (lib/apexcharts, some 580 KB) is loaded here, once, when
// the first chart is drawn: only the pages with a chart pay for it.
const charts = new WeakMap();
let library;

export function load(scriptUrl, styleUrl) {
    library ??= window.ApexCharts ? Promise.resolve() : new Promise((resolve, reject) => {
        const style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = styleUrl;
        document.head.appendChild(style);
        const script = document.createElement("script");
        script.src = scriptUrl;
        script.onload = () => resolve();
        script.onerror = () => {
            library = undefined; // a later chart tries again
            reject(new Error(`ApexCharts did not load from ${scriptUrl}`));
        };
        document.head.appendChild(script);
    });
    return library;
}

// Options come as JSON, which cannot carry functions: the one formatter the app needs is added here. A funnel's bars
// are labelled "Stage: count", as its axis labels are hidden.
// ApexCharts writes tooltip titles and series names with innerHTML; categories are user data (stage names, lost
// reasons, people's names), so they are escaped here. Axis labels and data labels are SVG text and need nothing.
const escapeHtml = value => String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function withFormatters(options) {
    if (options?.plotOptions?.bar?.isFunnel && options.dataLabels?.enabled !== false) {
        options.dataLabels = { ...options.dataLabels, formatter: (value, context) => `${context.w.globals.labels[context.dataPointIndex]}: ${value}` };
    }
    const tooltip = options.tooltip ?? {};
    options.tooltip = {
        ...tooltip,
        x: { ...tooltip.x, formatter: value => escapeHtml(value) },
        y: { ...tooltip.y, title: { ...tooltip.y?.title, formatter: name => escapeHtml(name) } },
    };
    options.legend = { ...options.legend, formatter: name => escapeHtml(name) };
    return options;
}

// A host element that is gone (its chart removed from the page while a call was on its way) arrives as null: there is
// nothing to draw into or destroy.
export function create(element, options) {
    if (!element) {
        return;
    }
    destroy(element);
    const chart = new window.ApexCharts(element, withFormatters(options));
    charts.set(element, chart);
    return chart.render();
}

// In place: ApexCharts animates from the numbers shown to the new ones, without emptying the chart first.
export function update(element, options) {
    if (!element) {
        return;
    }
    const chart = charts.get(element);
    if (!chart) {
        return create(element, options);
    }
    return chart.updateOptions(withFormatters(options), false, true);
}

export function destroy(element) {
    if (!element) {
        return;
    }
    const chart = charts.get(element);
    if (chart) {
        charts.delete(element);
        chart.destroy();
    }
}
