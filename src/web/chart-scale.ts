// The geometry both bar charts share (the server-rendered one in svg-chart.ts and the web app's BarChart): size,
// padding and the rounded top of the scale. Pure, no imports, so the web app bundles it.
export const CHART_W = 360;
export const CHART_H = 170;
export const CHART_PAD = { top: 18, right: 8, bottom: 26, left: 8 };

/** Rounds up to a round figure (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten): the tallest bar keeps some headroom. */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * p >= n) ?? 10) * p;
}
