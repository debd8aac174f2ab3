// Grouped bar charts in SVG, drawn by hand (no chart library): the same design as the server-rendered charts of
// /about/transparency (src/web/svg-chart.ts), coloured by the theme.
import { CHART_H as H, niceMax, CHART_PAD as PAD, CHART_W as W } from '../../../src/web/chart-scale';

export interface Series {
  name: string;
  values: Array<number | null>;
}

/** One chart: a figure with its caption, a legend when it has several series, and an SVG labelled with its figures. */
export function BarChart(props: { title: string; labels: string[]; series: Series[]; format?: (n: number) => string; empty: string }) {
  const format = props.format ?? ((n: number) => n.toLocaleString());
  const all = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, props.labels.length);
  const barW = Math.min(28, (groupW * 0.8) / Math.max(1, props.series.length));
  const summary = props.series
    .map((s) => `${s.name}: ${props.labels.map((l, i) => `${l} ${s.values[i] === null ? '—' : format(s.values[i]!)}`).join(', ')}`)
    .join('; ');
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      {props.series.length > 1 && (
        <ul class="chart-legend">
          {props.series.map((s, j) => (
            <li key={s.name}>
              <span class={`chart-swatch chart-s${j}`} aria-hidden="true" /> {s.name}
            </li>
          ))}
        </ul>
      )}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title}. ${summary}`}>
        <line class="chart-axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
        {all.length === 0 && (
          <text x={W / 2} y={PAD.top + plotH / 2} text-anchor="middle" class="chart-text">
            {props.empty}
          </text>
        )}
        {props.labels.map((label, i) => {
          const groupX = PAD.left + i * groupW + (groupW - barW * props.series.length) / 2;
          return (
            <g key={label}>
              {props.series.map((s, j) => {
                const v = s.values[i];
                if (v === null || v === undefined) return null;
                const h = Math.max(v > 0 ? 1.5 : 0, (v / max) * plotH);
                const x = groupX + j * barW;
                const y = PAD.top + plotH - h;
                return (
                  <g key={s.name}>
                    <rect class={`chart-s${j}`} x={x} y={y} width={barW - 2} height={h}>
                      <title>{`${s.name}, ${label}: ${format(v)}`}</title>
                    </rect>
                    <text x={x + (barW - 2) / 2} y={y - 4} text-anchor="middle" class="chart-text">
                      {format(v)}
                    </text>
                  </g>
                );
              })}
              <text x={PAD.left + i * groupW + groupW / 2} y={H - 8} text-anchor="middle" class="chart-text">
                {label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
