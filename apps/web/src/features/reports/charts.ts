// The statistics page's charts: SVG drawn on the server by Observable Plot into a small DOM
// (linkedom), so the page ships no JavaScript. The page's CSP allows no inline styles, so Plot's
// <style> element and any style attribute are taken out here; what they did (scale to the width,
// keep text on one line) is in ui/chart/chart.css under the class every chart carries.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** Every chart's class; ui/chart/chart.css gives it what Plot's own stylesheet did. */
export const CHART_CLASS = "chart-plot";

/** Eight colours told apart with the common colour-vision deficiencies (Okabe and Ito's set, darkened for white paper). */
export const PALETTE = ["#0b3a6e", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#8a4b00", "#6b4c9a", "#a4161a"] as const;

export interface ChartText {
  /** The SVG's <title>: what the chart shows, in a few words. */
  title: string;
  /** The SVG's <desc>: where the numbers are (the table under it). */
  desc: string;
  /** A count on an axis, in the page's language ("14.000", "14,000"). */
  count: (n: number) => string;
}

/** The document Plot draws into: a fresh one per chart, so nothing carries over between requests. */
const newDocument = () => parseHTML("<!doctype html><html><body></body></html>").document;

/**
 * The SVG as markup the CSP admits and a screen reader names: no <style>, no style attribute,
 * role="img" labelled by its own <title> and <desc> (WAI-ARIA Graphics: graphics-document/img).
 */
export function finishSvg(svg: Element, id: string, text: ChartText): string {
  const doc = svg.ownerDocument;
  // Plot's stylesheet, and the <title> it adds when it warned (a console message meant for a notebook).
  for (const el of [...svg.querySelectorAll("style"), ...svg.querySelectorAll("title")]) el.remove();
  for (const el of [svg, ...svg.querySelectorAll("[style]")]) el.removeAttribute("style");
  // Plot names its groups with aria-label ("bar", "x-axis tick"); on a <g> without a role that is a
  // prohibited attribute (WAI-ARIA 1.2), and inside role="img" nobody hears them anyway.
  for (const el of [svg, ...svg.querySelectorAll("[aria-label], [aria-description]")]) {
    el.removeAttribute("aria-label");
    el.removeAttribute("aria-description");
  }
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${id}-title ${id}-desc`);
  svg.setAttribute("font-size", "14");
  svg.setAttribute("class", CHART_CLASS);
  svg.setAttribute("focusable", "false");
  const title = doc.createElement("title");
  title.setAttribute("id", `${id}-title`);
  title.textContent = text.title;
  const desc = doc.createElement("desc");
  desc.setAttribute("id", `${id}-desc`);
  desc.textContent = text.desc;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}

/**
 * Drawn 480 units wide: on a 390 px phone the SVG scales to about 0.73 and its 14-unit text stays
 * readable (about 10 px); on a laptop the figure is held to 36rem, about 1.2.
 */
const WIDTH = 480;

/** A count axis from 0 that still has ticks when every count is "< 5" (drawn as 0). */
const countDomain = (values: number[]): [number, number] => [0, Math.max(5, ...values)];
/** A count axis: whole numbers only (no "2.5 reports"), in the page's language. */
const countAxis = (values: number[], text: ChartText) => ({
  domain: countDomain(values),
  nice: true,
  grid: true,
  label: null,
  ticks: 5,
  tickFormat: (n: number) => (Number.isInteger(n) ? text.count(n) : ""),
});

function render(id: string, text: ChartText, options: Plot.PlotOptions): string {
  const svg = Plot.plot({ width: WIDTH, height: 300, marginLeft: 48, className: CHART_CLASS, ...options, document: newDocument() });
  // Without a legend option Plot returns the <svg> itself (a <figure> only wraps a legend or title).
  if (svg.nodeName.toLowerCase() !== "svg") throw new Error("Plot drew a figure, not an SVG: ask for no legend or caption");
  return finishSvg(svg as unknown as Element, id, text);
}

export interface Bar {
  x: string;
  series: string;
  value: number;
}

/** Stacked columns: one per `x` in the given order, one colour per series in `series` order. */
export function stackedColumns(
  id: string,
  text: ChartText,
  data: Bar[],
  xOrder: string[],
  series: string[],
  xLabel: (x: string, i: number) => string,
): string {
  const totals = xOrder.map((x) => data.filter((d) => d.x === x).reduce((sum, d) => sum + d.value, 0));
  return render(id, text, {
    x: { domain: xOrder, label: null, tickFormat: (x: string, i: number) => xLabel(x, i), tickSize: 0 },
    y: countAxis(totals, text),
    color: { domain: series, range: PALETTE.slice(0, series.length) },
    marks: [Plot.barY(data, { x: "x", y: "value", fill: "series", order: series }), Plot.ruleY([0])],
  });
}

/**
 * Horizontal bars, one per label, in the given order: each label written above its bar, so long
 * labels ("Kiểm tra số điện thoại, tài khoản: chưa có xác nhận") need no margin of their own.
 */
export function bars(id: string, text: ChartText, data: { label: string; value: number }[]): string {
  return render(id, text, {
    height: 30 + data.length * 46,
    marginLeft: 8,
    marginRight: 24,
    x: countAxis(
      data.map((d) => d.value),
      text,
    ),
    y: { domain: data.map((d) => d.label), label: null, axis: null, paddingInner: 0.1 },
    marks: [
      Plot.barX(data, { x: "value", y: "label", fill: PALETTE[0], insetTop: 20 }),
      Plot.text(data, { x: 0, y: "label", text: "label", textAnchor: "start", dy: -11, fill: "currentColor" }),
      Plot.ruleX([0]),
    ],
  });
}

export interface Point {
  x: string;
  series: string;
  value: number;
}

/** Lines over an ordered `x`, one colour per series. */
export function lines(
  id: string,
  text: ChartText,
  data: Point[],
  xOrder: string[],
  series: string[],
  xLabel: (x: string, i: number) => string,
): string {
  return render(id, text, {
    marginLeft: 56,
    x: { type: "point", domain: xOrder, label: null, tickFormat: (x: string, i: number) => xLabel(x, i), tickSize: 0, inset: 12 },
    y: countAxis(
      data.map((d) => d.value),
      text,
    ),
    color: { domain: series, range: PALETTE.slice(0, series.length) },
    marks: [
      // z named: a series of one week is still a series (Plot would warn of "high cardinality").
      Plot.lineY(data, { x: "x", y: "value", stroke: "series", z: "series", strokeWidth: 2.5 }),
      Plot.dot(data, { x: "x", y: "value", fill: "series", r: 3 }),
      Plot.ruleY([0]),
    ],
  });
}
