// Bar charts as inline SVG text for server-rendered pages: readable without JavaScript, no chart library.

import { CHART_H as H, niceMax, CHART_PAD as PAD, CHART_W as W } from './chart-scale.js';
import { esc } from './ssr.js';

export interface ChartSeries {
  name: string;
  /** One value per label; null draws no bar (nothing to measure that month). */
  values: Array<number | null>;
  /** A fill colour with at least 3:1 contrast on white (WCAG's non-text contrast). */
  color: string;
}

export interface BarChart {
  title: string;
  /** Categories along the bottom, oldest first (months). */
  labels: string[];
  series: ChartSeries[];
  /** How a value is written on and above its bar ("12", "3.5 h"). */
  format?: (n: number) => string;
}

// Colours distinguishable by people with the common colour-vision deficiencies (Okabe and Ito's palette, darkened
// where needed for 3:1 on white).
export const CHART_COLORS = ['#0b5cad', '#b35900', '#067a5b', '#9b2f7a'];

/**
 * One grouped bar chart: `role="img"` with a label that says what it shows, each bar with its value written above it
 * and in a <title> (a tooltip). The page keeps a table of the same figures as the full text alternative.
 */
export function barChartSvg(chart: BarChart, id: string): string {
  const format = chart.format ?? ((n: number) => String(n));
  const all = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, chart.labels.length);
  const barW = Math.min(28, (groupW * 0.8) / Math.max(1, chart.series.length));
  const parts: string[] = [];
  chart.labels.forEach((label, i) => {
    const groupX = PAD.left + i * groupW + (groupW - barW * chart.series.length) / 2;
    chart.series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const h = Math.max(v > 0 ? 1.5 : 0, (v / max) * plotH);
      const x = groupX + j * barW;
      const y = PAD.top + plotH - h;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${esc(`${s.name}, ${label}: ${format(v)}`)}</title></rect>`,
        `<text x="${(x + (barW - 2) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="12" fill="#333">${esc(format(v))}</text>`,
      );
    });
    parts.push(
      `<text x="${(PAD.left + i * groupW + groupW / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="12" fill="#333">${esc(label)}</text>`,
    );
  });
  if (all.length === 0) {
    parts.push(`<text x="${W / 2}" y="${PAD.top + plotH / 2}" text-anchor="middle" font-size="13" fill="#555">Nothing to show yet</text>`);
  }
  const baseline = `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#767676"/>`;
  const summary = chart.series
    .map((s) => `${s.name}: ${chart.labels.map((l, i) => `${l} ${s.values[i] === null ? 'none' : format(s.values[i]!)}`).join(', ')}`)
    .join('; ');
  const legend =
    chart.series.length > 1
      ? `<ul class="chart-legend">${chart.series.map((s) => `<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${s.color}"/></svg> ${esc(s.name)}</li>`).join('')}</ul>`
      : '';
  return `<figure class="chart" id="${esc(id)}">
<figcaption>${esc(chart.title)}</figcaption>
${legend}<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(`${chart.title}. ${summary}`)}" font-family="system-ui, sans-serif">${baseline}${parts.join('')}</svg>
</figure>`;
}
