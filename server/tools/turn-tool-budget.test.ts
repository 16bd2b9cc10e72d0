import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import { OutboundRefusal } from '../outbound/outbound-refusal.ts';
import type { ToolTransport } from './tool-transport.ts';
import { withTurnBudget } from './turn-tool-budget.ts';

const init = () => ({ method: 'POST', headers: {}, body: '{}', signal: new AbortController().signal });

describe('the per-turn tool budget', () => {
  it('lets the first requests through and refuses the one past the count, without sending it', async () => {
    let sent = 0;
    const transport: ToolTransport = async () => {
      sent += 1;
      return new Response('{}');
    };
    const budgeted = withTurnBudget(transport, { maxRequests: 3, maxMs: 30_000 }, () => 0);
    for (let i = 0; i < 3; i++) expect((await budgeted('https://tools.example.com/a', init())).status).toBe(200);
    const refusal = await budgeted('https://tools.example.com/a', init()).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(OutboundRefusal);
    expect(String(refusal)).toContain('this message already made 3 tool requests, the most one message may make');
    expect(sent).toBe(3);
  });

  it('sums the time of the requests and refuses new ones once it is spent', async () => {
    const clock = manualClock(0);
    let sent = 0;
    // Each request "takes" 20 s on the injected clock.
    const transport: ToolTransport = async () => {
      sent += 1;
      clock.advance(20_000);
      return new Response('{}');
    };
    const budgeted = withTurnBudget(transport, { maxRequests: 10, maxMs: 30_000 }, clock.now);
    await budgeted('https://tools.example.com/a', init());
    await budgeted('https://tools.example.com/a', init());
    await expect(budgeted('https://tools.example.com/a', init())).rejects.toThrow('this message already spent its 30 s of tool time');
    expect(sent).toBe(2);
  });

  it('counts time on a clock with fractions of a millisecond', async () => {
    const clock = manualClock(0.25);
    const budgeted = withTurnBudget(async () => {
      clock.advance(1000.5);
      return new Response('{}');
    }, { maxRequests: 10, maxMs: 30_000 }, clock.now);
    expect((await budgeted('https://tools.example.com/a', init())).status).toBe(200);
    expect((await budgeted('https://tools.example.com/a', init())).status).toBe(200);
  });

  it('gives a request only the time left in the turn', async () => {
    const transport: ToolTransport = (_url, { signal }) =>
      new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const budgeted = withTurnBudget(transport, { maxRequests: 10, maxMs: 50 }, () => performance.now());
    await expect(budgeted('https://tools.example.com/hang', init())).rejects.toThrow('this message ran out of its 0.05 s of tool time');
  });

  it('leaves a failure of the request itself as it was', async () => {
    const budgeted = withTurnBudget(async () => Promise.reject(new Error('ECONNRESET')), { maxRequests: 10, maxMs: 30_000 }, () => 0);
    await expect(budgeted('https://tools.example.com/a', init())).rejects.toThrow('ECONNRESET');
  });
});
