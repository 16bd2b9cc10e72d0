import { describe, expect, it } from 'vitest';
import { callStatusOf, durationSeconds } from './call-status.ts';

describe('how a session reads as a call', () => {
  it('maps the lifecycle to in-progress, transferred, failed or completed', () => {
    expect(callStatusOf({ status: 'active', endedReason: null, transferDestination: null })).toBe('in-progress');
    expect(callStatusOf({ status: 'transferred', endedReason: null, transferDestination: 'human' })).toBe('transferred');
    expect(callStatusOf({ status: 'ended', endedReason: 'api', transferDestination: 'human' })).toBe('transferred');
    expect(callStatusOf({ status: 'ended', endedReason: 'error', transferDestination: 'human' })).toBe('failed');
    expect(callStatusOf({ status: 'ended', endedReason: 'transfer', transferDestination: null })).toBe('transferred');
    for (const reason of ['agent-hangup', 'visitor-left', 'api', 'timeout'] as const) {
      expect(callStatusOf({ status: 'ended', endedReason: reason, transferDestination: null })).toBe('completed');
    }
  });

  it('counts whole seconds, up to now while the call goes on', () => {
    expect(durationSeconds('2026-01-01T00:00:00.000Z', '2026-01-01T00:01:30.400Z', 0)).toBe(90);
    expect(durationSeconds('2026-01-01T00:00:00.000Z', null, Date.parse('2026-01-01T00:00:02.600Z'))).toBe(3);
  });
});
