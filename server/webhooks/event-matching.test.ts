import { describe, expect, it } from 'vitest';
import { subscribes } from './event-matching.ts';

describe('webhook subscriptions', () => {
  it('match an event by name, by family or by *', () => {
    expect(subscribes(['call.ended'], 'call.ended')).toBe(true);
    expect(subscribes(['call.ended'], 'call.started')).toBe(false);
    expect(subscribes(['transfer.*'], 'transfer.failed')).toBe(true);
    expect(subscribes(['transfer.*'], 'call.gather.completed')).toBe(false);
    expect(subscribes(['call.*'], 'call.gather.completed')).toBe(true);
    expect(subscribes(['*'], 'test.run.completed')).toBe(true);
    expect(subscribes([], 'call.started')).toBe(false);
  });
});
