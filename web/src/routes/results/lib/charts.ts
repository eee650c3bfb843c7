// Chart.js with only the pieces these charts use (bars, lines, two scales,
// tooltip, legend): tree-shaken, and imported lazily by ChartCanvas, so
// neither the voter nor the public results page ever downloads it.
//
// Charts must survive a black-and-white printer: every fill carries a pattern
// as well as a colour, lines differ in dash and point shape, and the values
// are written on the bars.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import type { DistributionStack, RankingBars, TrendLines } from './board';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = '#1f2328';
Chart.defaults.animation = false;

// Before printing, fit every chart to the paper's width (Chart.js's own advice).
window.addEventListener('beforeprint', () => {
  for (const chart of Object.values(Chart.instances)) chart.resize();
});

export { Chart };
export type { ChartConfiguration };

type PatternKind = 'solid' | 'diagonal' | 'dots' | 'cross' | 'horizontal' | 'vertical';
const PATTERNS: PatternKind[] = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical'];

/** A fill of `color` overlaid with a pattern in `ink`, so segments differ without colour too. */
export function patternFill(color: string, kind: PatternKind, ink = 'rgba(255,255,255,0.85)'): CanvasPattern | string {
  if (kind === 'solid') return color;
  const size = 8;
  const tile = document.createElement('canvas');
  tile.width = tile.height = size;
  const g = tile.getContext('2d');
  if (!g) return color;
  g.fillStyle = color;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = ink;
  g.fillStyle = ink;
  g.lineWidth = 1.5;
  g.beginPath();
  if (kind === 'diagonal' || kind === 'cross') {
    g.moveTo(0, size);
    g.lineTo(size, 0);
    g.moveTo(-2, 2);
    g.lineTo(2, -2);
    g.moveTo(size - 2, size + 2);
    g.lineTo(size + 2, size - 2);
  }
  if (kind === 'cross') {
    g.moveTo(0, 0);
    g.lineTo(size, size);
  }
  if (kind === 'horizontal') {
    g.moveTo(0, size / 2);
    g.lineTo(size, size / 2);
  }
  if (kind === 'vertical') {
    g.moveTo(size / 2, 0);
    g.lineTo(size / 2, size);
  }
  g.stroke();
  if (kind === 'dots') {
    g.beginPath();
    g.arc(size / 2, size / 2, 1.6, 0, Math.PI * 2);
    g.fill();
  }
  return g.createPattern(tile, 'repeat') ?? color;
}

/** Long unit names take the whole width of a phone: shorten them there (the tables have them in full). */
function fitLabel(this: { chart: Chart; getLabelForValue: (v: number) => string }, value: number | string): string {
  const label = this.getLabelForValue(Number(value));
  const max = this.chart.width < 480 ? 9 : 16;
  return label.length > max + 1 ? `${label.slice(0, max)}…` : label;
}

const WARNING_COLOURS = { green: '#2f7d4a', yellow: '#b7791f', red: '#b3261e' } as const;
const WARNING_PATTERNS = { green: 'solid', yellow: 'dots', red: 'diagonal' } as const;
// Best to worst; a scale's options are spread over it, so its worst grade is always red.
const GRADE_COLOURS = ['#1d4f91', '#4f83c8', '#8fb3e3', '#e0b54a', '#d9822b', '#b3261e'];
const gradeColour = (i: number, n: number) => GRADE_COLOURS[n <= 1 ? 0 : Math.round((i * (GRADE_COLOURS.length - 1)) / (n - 1))];
// Lines of different units: distinct, dark enough on white.
const LINE_COLOURS = ['#1d4f91', '#b3261e', '#2f7d4a', '#8a5a00', '#6b3fa0', '#00707a', '#444', '#c2185b'];

/** Writes each bar's value at its end (or inside a stacked segment wide enough for it). */
const valueLabels: Plugin = {
  id: 'valueLabels',
  afterDatasetsDraw(chart, _args, options: { texts?: string[][]; inside?: boolean; min?: number }) {
    const texts = options.texts;
    if (!texts) return;
    const { ctx } = chart;
    ctx.save();
    ctx.font = `600 12px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    chart.data.datasets.forEach((_ds, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden) return;
      meta.data.forEach((bar, i) => {
        const text = texts[di]?.[i];
        if (!text) return;
        const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const width = Math.abs(x - base);
        if (options.inside) {
          if (width < ctx.measureText(text).width + 8) return;
          ctx.fillStyle = '#fff';
          ctx.strokeStyle = 'rgba(0,0,0,0.55)';
          ctx.lineWidth = 3;
          ctx.textAlign = 'center';
          ctx.strokeText(text, (x + base) / 2, y);
          ctx.fillText(text, (x + base) / 2, y);
        } else {
          ctx.fillStyle = '#1f2328';
          ctx.textAlign = 'left';
          ctx.fillText(text, x + 4, y);
        }
      });
    });
    ctx.restore();
  },
};

export function rankingConfig(bars: RankingBars, axisTitle: string, vetoLabel: string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: bars.labels,
      datasets: [
        {
          data: bars.values,
          backgroundColor: bars.warnings.map((w, i) => patternFill(WARNING_COLOURS[w ?? 'green'], bars.vetoed[i] ? 'cross' : WARNING_PATTERNS[w ?? 'green'])),
          borderColor: bars.warnings.map((w) => WARNING_COLOURS[w ?? 'green']),
          borderWidth: 1,
          barThickness: 18,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { right: 56 } },
      scales: {
        x: { min: bars.min, max: 100, title: { display: true, text: axisTitle } },
        y: { ticks: { autoSkip: false, callback: fitLabel } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => `${bars.texts[c.dataIndex]}${bars.vetoed[c.dataIndex] ? ` · ${vetoLabel}` : ''}` } },
        // @ts-expect-error: options of our own plugin
        valueLabels: { texts: [bars.texts.map((t, i) => (bars.vetoed[i] ? `${t} ✕` : t))] },
      },
    },
    plugins: [valueLabels],
  };
}

export function distributionConfig(stack: DistributionStack, axisTitle: string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: stack.labels,
      datasets: stack.series.map((s, i) => ({
        label: s.label,
        data: s.shares.map((v) => v ?? 0),
        backgroundColor: patternFill(gradeColour(i, stack.series.length), PATTERNS[i % PATTERNS.length]),
        borderColor: '#fff',
        borderWidth: 1,
        barThickness: 20,
      })),
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, min: 0, max: 100, title: { display: true, text: axisTitle } },
        y: { stacked: true, ticks: { autoSkip: false, callback: fitLabel } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 18, boxHeight: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${stack.series[c.datasetIndex].shares[c.dataIndex] ?? '—'}% (${stack.series[c.datasetIndex].counts[c.dataIndex]})` } },
        // @ts-expect-error: options of our own plugin
        valueLabels: { inside: true, texts: stack.series.map((s) => s.shares.map((v) => (v ? `${Math.round(v)}%` : ''))) },
      },
    },
    plugins: [valueLabels],
  };
}

const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [12, 4], [1, 2]];
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const;

export function trendConfig(lines: TrendLines, axisTitle: string): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: lines.labels,
      datasets: lines.lines.map((l, i) => ({
        label: l.name,
        data: l.values,
        borderColor: LINE_COLOURS[i % LINE_COLOURS.length],
        backgroundColor: LINE_COLOURS[i % LINE_COLOURS.length],
        borderDash: DASHES[i % DASHES.length],
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: 5,
        borderWidth: 2,
        spanGaps: false,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { title: { display: true, text: axisTitle }, grace: 2 } },
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 28 } } },
    },
  };
}
