import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

/** A uPlot line chart: x are epoch seconds, series [{label, values}] (a null value is a gap). */
export function Chart({ id, title, x, series, format, dots }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current) return undefined;
    const width = Math.max(280, box.current.clientWidth || 480);
    const opts = {
      title,
      width,
      height: 220,
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          fill: i === 0 ? COLORS[0] + '1a' : undefined,
          // Dots for series with gaps, where a lone value has no line to be seen on.
          points: dots ? { show: true, size: 7, fill: COLORS[i % COLORS.length] } : { show: false },
          spanGaps: false,
          value: format ? (u, v) => (v == null ? '—' : format(v)) : undefined,
        })),
      ],
      axes: [{}, { values: format ? (u, vals) => vals.map((v) => format(v)) : undefined, size: 70 }],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], box.current);
    return () => plot.destroy();
  }, [title, x, series, dots]);
  // What the chart drew, for the browser tests: the most points of a series, and the points of each.
  const counts = series.map((s) => s.values.filter((v) => v > 0).length);
  const points = counts.reduce((n, c) => Math.max(n, c), 0);
  return <div class="chart" id={id} ref={box} data-points={points} data-series={series.map((s, i) => `${s.label}:${counts[i]}`).join(',')} />;
}
