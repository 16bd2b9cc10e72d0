/**
 * Folds grouped run counts into `GET /v1/agents/tests/stats`: one bucket per UTC day of
 * the window (empty days included, so a chart needs no gap filling), totals, and counts
 * per test type.
 */
import type { TestStats } from '../../shared/api/agent-test-runs-api.ts';
import type { RunStatsRow } from '../storage/agent-test-runs-repo.ts';

const DAY_MS = 86_400_000;

/** Midnight (UTC) of the window's first day: a window of `windowDays` ends with today. */
export function statsWindowStart(nowMs: number, windowDays: number): number {
  return (Math.floor(nowMs / DAY_MS) - (windowDays - 1)) * DAY_MS;
}

function emptyType() {
  return { total_runs: 0, passed: 0, failed: 0, errored: 0 };
}

/** The key a status is counted under: `error` runs are `errored`. */
function keyOf(status: string): 'passed' | 'failed' | 'errored' | undefined {
  if (status === 'passed' || status === 'failed') return status;
  return status === 'error' ? 'errored' : undefined;
}

export function summariseStats(rows: readonly RunStatsRow[], sinceMs: number, windowDays: number): TestStats {
  const buckets = Array.from({ length: windowDays }, (_, i) => ({ day: new Date(sinceMs + i * DAY_MS).toISOString().slice(0, 10), passed: 0, failed: 0, errored: 0 }));
  const byDay = new Map(buckets.map((bucket) => [bucket.day, bucket]));
  const byType = { reply: emptyType(), tool: emptyType(), simulation: emptyType() };
  let total = 0;
  let passed = 0;
  let totalMs = 0;
  for (const row of rows) {
    const key = keyOf(row.status);
    if (!key) continue;
    total += row.runs;
    totalMs += row.totalMs;
    if (key === 'passed') passed += row.runs;
    const bucket = byDay.get(row.day);
    if (bucket) bucket[key] += row.runs;
    if (row.type === 'reply' || row.type === 'tool' || row.type === 'simulation') {
      byType[row.type].total_runs += row.runs;
      byType[row.type][key] += row.runs;
    }
  }
  return {
    window_days: windowDays,
    buckets,
    total_runs: total,
    passed_runs: passed,
    avg_duration_ms: total === 0 ? null : Math.round(totalMs / total),
    by_type: byType,
  };
}
