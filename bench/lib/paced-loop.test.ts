import { describe, expect, test } from 'vitest';
import { createPacedLoop, type PacedLoopOptions } from './paced-loop.ts';
import { mergeResults } from './pacer.ts';

/** A loop on a manual clock whose requests are answered when the test says so. */
function pacedLoop(options: Partial<PacedLoopOptions> = {}) {
  let time = 0;
  const sent: { session: number; answer: (status: number) => void; fail: () => void }[] = [];
  const loop = createPacedLoop({
    ratePerSecond: 100,
    startAt: 0,
    offsetMs: 0,
    durationMs: 1000,
    sessions: 10,
    now: () => time,
    send: (session) => new Promise<number>((resolve, reject) => sent.push({ session, answer: resolve, fail: () => reject(new Error('reset')) })),
    ...options,
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { loop, sent, at: (ms: number) => (time = ms), settle };
}

describe('the paced loop', () => {
  test('times every request from when it was due, even when the pacer woke up late', async () => {
    const { loop, sent, at, settle } = pacedLoop();
    expect(loop.tick()).toBe(10);
    at(35);
    expect(loop.tick()).toBe(5);
    expect(sent).toHaveLength(4);
    at(40);
    for (const request of sent) request.answer(200);
    await settle();
    expect(loop.tally().latencies).toEqual([40, 30, 20, 10]);
    expect(loop.tally().lags).toEqual([0, 25, 15, 5]);
  });

  test('an arrival that finds every session busy waits for one, and the wait counts in its latency', async () => {
    const { loop, sent, at, settle } = pacedLoop({ sessions: 1 });
    loop.tick();
    at(10);
    loop.tick();
    expect(sent).toHaveLength(1);
    expect(loop.tally().waitedForSession).toBe(1);
    at(25);
    sent[0]?.answer(200);
    await settle();
    expect(sent.map((s) => s.session)).toEqual([0, 0]);
    at(30);
    sent[1]?.answer(200);
    await settle();
    expect(loop.tally().latencies).toEqual([25, 20]);
    expect(loop.idle()).toBe(true);
  });

  test('keeps the rate whatever the server answers, counting refusals and failures apart', async () => {
    const { loop, sent, at, settle } = pacedLoop({ durationMs: 50 });
    at(49);
    expect(loop.tick()).toBeUndefined();
    expect(sent).toHaveLength(5);
    sent[0]?.answer(200);
    sent[1]?.answer(409);
    sent[2]?.answer(500);
    sent[3]?.fail();
    await settle();
    expect(loop.tally()).toMatchObject({ arrivals: 5, non2xx: 2, errors: 1 });
    expect(loop.tally().latencies).toHaveLength(1);
    expect(loop.pending()).toBe(1);
  });

  test('leaves arrivals due during the warm-up out of the figures', async () => {
    const { loop, sent, at, settle } = pacedLoop({ durationMs: 40, warmupMs: 20 });
    at(39);
    loop.tick();
    for (const request of sent) request.answer(200);
    await settle();
    expect(sent).toHaveLength(4);
    expect(loop.tally()).toMatchObject({ arrivals: 2, latencies: [19, 9] });
  });

  test('interleaves with another loop through its offset', () => {
    const { loop, sent, at } = pacedLoop({ ratePerSecond: 50, offsetMs: 10 });
    expect(loop.tick()).toBe(10);
    at(10);
    expect(loop.tick()).toBe(20);
    expect(sent).toHaveLength(1);
  });
});

test("the pacer's figures are percentiles over every worker's latencies together", () => {
  const worker = (latencies: number[]) => ({ type: 'result' as const, latencies, lags: [0], non2xx: 1, errors: 0, arrivals: latencies.length + 1, waitedForSession: 0, unanswered: 0 });
  const merged = mergeResults([worker([1, 2, 3]), worker([100, 4])], { ratePerSecond: 6, seconds: 1 });
  expect(merged).toMatchObject({ ok: 5, non2xx: 2, perSecond: 5, p50: 3, p99: 100, offered: 6 });
});
