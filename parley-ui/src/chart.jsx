import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

/** A uPlot line chart: x are epoch seconds, series [{label, values}]. */
export function Chart({ title, x, series, format }) {
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
          points: { show: false },
          value: format ? (u, v) => (v == null ? '—' : format(v)) : undefined,
        })),
      ],
      axes: [{}, { values: format ? (u, vals) => vals.map((v) => format(v)) : undefined, size: 70 }],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], box.current);
    return () => plot.destroy();
  }, [title, x, series]);
  const points = series.reduce((n, s) => Math.max(n, s.values.filter((v) => v > 0).length), 0);
  return <div class="chart" ref={box} data-points={points} />;
}
