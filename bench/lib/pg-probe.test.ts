import { expect, test } from 'vitest';
import { pgUsage } from './pg-probe.ts';

test('usage between two samples counts each backend from its first sighting, and the counters\' growth', () => {
  const before = { backendCpuMs: new Map([[1, 100], [2, 50]]), walSyncs: 10, walBytes: 1000, commits: 5 };
  // Backend 2 left, backend 3 came: it counts from zero.
  const after = { backendCpuMs: new Map([[1, 160], [3, 30]]), walSyncs: 14, walBytes: 3000, commits: 9 };
  expect(pgUsage(before, after)).toEqual({ backendCpuMs: 90, walSyncs: 4, walBytes: 2000, commits: 4 });
});
