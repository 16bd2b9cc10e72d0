/**
 * The 30-day chart's shapes, worked out apart from drawing: a stacked bar per day
 * (passed, failed, errored) scaled to the busiest day, and the pass rate as a line over
 * the days that had runs (a day without runs has no rate, so the line skips it).
 */
import type { TestStats } from '../../../shared/api/agent-test-runs-api.ts';

export const CHART = { width: 640, height: 200, left: 32, right: 32, top: 10, bottom: 24 } as const;

export interface DayBar {
  day: string;
  x: number;
  width: number;
  /** Bottom to top: passed, failed, errored; heights in pixels. */
  segments: { kind: 'passed' | 'failed' | 'errored'; y: number; height: number; count: number }[];
  total: number;
  /** Passed over the day's runs, 0–1; null on a day without runs. */
  rate: number | null;
}

export function dayBars(buckets: TestStats['buckets']): { bars: DayBar[]; max: number; ratePath: string; ratePoints: { x: number; y: number }[] } {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const base = CHART.top + plotHeight;
  const max = Math.max(1, ...buckets.map((b) => b.passed + b.failed + b.errored));
  const step = plotWidth / Math.max(1, buckets.length);
  const bars = buckets.map((bucket, index) => {
    const total = bucket.passed + bucket.failed + bucket.errored;
    let y = base;
    const segments = (['passed', 'failed', 'errored'] as const).map((kind) => {
      const height = (bucket[kind] / max) * plotHeight;
      y -= height;
      return { kind, y, height, count: bucket[kind] };
    });
    return { day: bucket.day, x: CHART.left + index * step + step * 0.15, width: step * 0.7, segments, total, rate: total ? bucket.passed / total : null };
  });
  let ratePath = '';
  let drawing = false;
  // A dot on each day with runs too: a lone day between empty ones has no line to show it.
  const ratePoints: { x: number; y: number }[] = [];
  for (const bar of bars) {
    if (bar.rate === null) {
      drawing = false;
      continue;
    }
    const point = { x: bar.x + bar.width / 2, y: base - bar.rate * plotHeight };
    ratePoints.push(point);
    ratePath += `${drawing ? ' L' : ' M'} ${point.x.toFixed(1)} ${point.y.toFixed(1)}`;
    drawing = true;
  }
  return { bars, max, ratePath: ratePath.trim(), ratePoints };
}

/** `12 runs, 9 passed (75%)`: the chart's description for a screen reader. */
export function statsSummary(stats: TestStats): string {
  const rate = stats.total_runs ? Math.round((stats.passed_runs / stats.total_runs) * 100) : null;
  return `${stats.total_runs} runs in the last ${stats.window_days} days, ${stats.passed_runs} passed${rate === null ? '' : ` (${rate}%)`}`;
}
