import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import { createPoller, type PassContext } from './poller.ts';

/** Lets settled promises run their callbacks; no time passes on any clock. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function recordingLogger() {
  const lines: { msg: string; task?: string; failures?: number; err?: { message: string } }[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A task whose passes the test ends by hand. */
function manualTask() {
  const passes: { context: PassContext; finish(): void; fail(error: Error): void }[] = [];
  let running = 0;
  let overlapped = false;
  const run = (context: PassContext) =>
    new Promise<number>((resolve, reject) => {
      running += 1;
      if (running > 1) overlapped = true;
      const done = () => void (running -= 1);
      passes.push({ context, finish: () => (done(), resolve(passes.length)), fail: (error) => (done(), reject(error)) });
    });
  return { run, passes, overlapped: () => overlapped, last: () => passes[passes.length - 1] };
}

describe('the poller', () => {
  it('runs a pass at start, then one every interval after the previous pass ended', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'sweep', intervalMs: 1000, run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    expect(task.passes.map((p) => p.context.trigger)).toEqual(['start']);

    clock.advance(5000); // the pass is still running: nothing else starts
    task.last()?.finish();
    await flush();
    clock.advance(999);
    expect(task.passes).toHaveLength(1);
    clock.advance(1);
    expect(task.passes.map((p) => p.context.trigger)).toEqual(['start', 'interval']);
    task.last()?.finish();
    await poller.stop();
  });

  it('coalesces wake-ups into one pass soon, however many come', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'deliveries', intervalMs: 60_000, run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    task.last()?.finish();
    await flush();

    poller.wake();
    poller.wake();
    poller.wake();
    clock.advance(0);
    expect(task.passes.map((p) => p.context.trigger)).toEqual(['start', 'wake']);
    task.last()?.finish();
    await flush();
    clock.advance(0);
    expect(task.passes).toHaveLength(2);
    await poller.stop();
  });

  it('never runs two passes at once: wake-ups during a pass become one pass after it', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'queue', intervalMs: 100, run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    poller.wake();
    poller.wake();
    const now = poller.runNow();
    clock.advance(1000);
    expect(task.passes).toHaveLength(1);

    task.last()?.finish();
    // A caller asking during a pass gets that pass's result.
    expect(await now).toBe(1);
    await flush();
    clock.advance(0);
    expect(task.passes.map((p) => p.context.trigger)).toEqual(['start', 'wake']);
    task.last()?.finish();
    await flush();
    clock.advance(100);
    expect(task.passes).toHaveLength(3);
    expect(task.overlapped()).toBe(false);
    task.last()?.finish();
    await poller.stop();
  });

  it('logs every failed pass and waits longer after each, up to the cap, until a pass succeeds', async () => {
    const clock = manualClock();
    const task = manualTask();
    const { logger, lines } = recordingLogger();
    const poller = createPoller({ name: 'gather sweep', intervalMs: 1000, run: task.run, logger, timers: clock, backoff: { maxMs: 5000 } });
    poller.start();
    const startedAt: number[] = [clock.now()];
    for (let i = 0; i < 4; i++) {
      task.last()?.fail(new Error(`database unavailable ${i}`));
      await flush();
      const before = task.passes.length;
      while (task.passes.length === before) clock.advance(1);
      startedAt.push(clock.now());
    }
    const waits = startedAt.slice(1).map((at, i) => at - (startedAt[i] ?? 0));
    expect(waits).toEqual([2000, 4000, 5000, 5000]);
    expect(lines.map((l) => [l.msg, l.task, l.failures, l.err?.message])).toEqual([
      ['gather sweep failed', 'gather sweep', 1, 'database unavailable 0'],
      ['gather sweep failed', 'gather sweep', 2, 'database unavailable 1'],
      ['gather sweep failed', 'gather sweep', 3, 'database unavailable 2'],
      ['gather sweep failed', 'gather sweep', 4, 'database unavailable 3'],
    ]);

    task.last()?.finish();
    await flush();
    expect(poller.failures).toBe(0);
    const recovered = clock.now();
    while (task.passes.length === 5) clock.advance(1);
    expect(clock.now() - recovered).toBe(1000);
    task.last()?.finish();
    await poller.stop();
  });

  it('does not cut a backoff short when woken, so a failing store is not hammered', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'deliveries', intervalMs: 1000, run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    task.last()?.fail(new Error('down'));
    await flush();
    poller.wake();
    clock.advance(1999);
    expect(task.passes).toHaveLength(1);
    clock.advance(1);
    expect(task.passes).toHaveLength(2);
    task.last()?.finish();
    await poller.stop();
  });

  it('retries a failed pass of a poller without an interval, which otherwise runs only when woken', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'queue', run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    task.last()?.finish();
    await flush();
    clock.advance(3_600_000);
    expect(task.passes).toHaveLength(1);

    poller.wake();
    clock.advance(0);
    task.last()?.fail(new Error('claim failed'));
    await flush();
    clock.advance(2000);
    expect(task.passes.map((p) => p.context.trigger)).toEqual(['start', 'wake', 'interval']);
    task.last()?.finish();
    await poller.stop();
  });

  it('stop() aborts the pass signal, waits for the pass in flight and schedules nothing more', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'deliveries', intervalMs: 1000, run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await flush();
    expect(task.last()?.context.signal.aborted).toBe(true);
    expect(stopped).toBe(false);

    task.last()?.finish();
    await stopping;
    poller.wake();
    clock.advance(10_000);
    expect(task.passes).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runs a pass on demand without being started, and hands its failure to the caller as well as the log', async () => {
    const { logger, lines } = recordingLogger();
    const poller = createPoller({ name: 'deliveries', intervalMs: 1000, run: () => Promise.reject(new Error('no table')), logger, timers: manualClock() });
    await expect(poller.runNow()).rejects.toThrow('no table');
    expect(lines.map((l) => l.msg)).toEqual(['deliveries failed']);
  });

  it('gives a caller who asks again once a pass has ended a pass of its own', async () => {
    let passes = 0;
    const poller = createPoller({ name: 'deliveries', intervalMs: 1000, run: async () => ++passes, logger: recordingLogger().logger, timers: manualClock() });
    expect(await poller.runNow()).toBe(1);
    expect(await poller.runNow()).toBe(2);
  });

  it('is idle once no pass is running or due', async () => {
    const clock = manualClock();
    const task = manualTask();
    const poller = createPoller({ name: 'queue', run: task.run, logger: recordingLogger().logger, timers: clock });
    poller.start();
    let idle = false;
    const waiting = poller.idle().then(() => (idle = true));
    task.last()?.finish();
    await flush();
    await waiting;
    expect(idle).toBe(true);

    poller.wake();
    idle = false;
    const again = poller.idle().then(() => (idle = true));
    await flush();
    expect(idle).toBe(false);
    clock.advance(0);
    task.last()?.finish();
    await again;
    expect(task.passes).toHaveLength(2);
    await poller.stop();
  });

  it('refuses an interval that is not a positive number', () => {
    expect(() => createPoller({ name: 'sweep', intervalMs: 0, run: async () => 0, logger: recordingLogger().logger })).toThrow('intervalMs');
  });
});
