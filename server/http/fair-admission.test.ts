import { describe, expect, it } from 'vitest';
import { createFairAdmission } from './fair-admission.ts';

/** A clock the callers move: each admitted caller "works" for `costMs`. */
function workingClock() {
  let now = 0;
  return { now: () => now, work: (ms: number) => (now += ms) };
}

describe('fair admission', () => {
  it('admits in arrival order, a slice at a time, letting the loop pass between slices', async () => {
    const clock = workingClock();
    const admission = createFairAdmission({ sliceMs: 2, now: clock.now });
    const log: string[] = [];
    const callers = Array.from({ length: 5 }, async (_, i) => {
      await admission.enter();
      log.push(`caller ${i}`);
      clock.work(1);
    });
    // Queued after the first slice: it runs once that slice has spent its time.
    setImmediate(() => log.push('other work of the same pass'));
    await Promise.all(callers);
    expect(log).toEqual(['caller 0', 'caller 1', 'other work of the same pass', 'caller 2', 'caller 3', 'caller 4']);
    expect(admission.waiting).toBe(0);
  });

  it('admits the next caller as soon as the one before waits on I/O, without waiting for it to finish', async () => {
    const admission = createFairAdmission({ sliceMs: 1000 });
    let releaseFirst: () => void = () => {};
    const order: string[] = [];
    const first = (async () => {
      await admission.enter();
      order.push('first started');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      order.push('first finished');
    })();
    const second = (async () => {
      await admission.enter();
      order.push('second started');
    })();
    await second;
    releaseFirst();
    await first;
    expect(order).toEqual(['first started', 'second started', 'first finished']);
  });

  it('runs a lone request in the pass that read it', async () => {
    const admission = createFairAdmission();
    const log: string[] = [];
    const lone = admission.enter().then(() => log.push('request'));
    setImmediate(() => log.push('next immediate'));
    await lone;
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['request', 'next immediate']);
  });
});
