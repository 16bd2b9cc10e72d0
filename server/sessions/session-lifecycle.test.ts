import { describe, expect, it } from 'vitest';
import { nextLifecycle } from './session-lifecycle.ts';

const active = { status: 'active' as const, endedReason: null, transferDestination: null };

describe('the session lifecycle', () => {
  it('ends an active session with its reason', () => {
    expect(nextLifecycle(active, { type: 'END', reason: 'api' })).toEqual({ status: 'ended', endedReason: 'api', transferDestination: null });
  });

  it('transfers an active session, which can then only end', () => {
    const transferred = nextLifecycle(active, { type: 'TRANSFER', destination: 'human' });
    expect(transferred).toMatchObject({ status: 'transferred', transferDestination: 'human' });
    expect(() => nextLifecycle(transferred, { type: 'TURN' })).toThrow(/Cannot send a message/);
    expect(() => nextLifecycle(transferred, { type: 'REWIND' })).toThrow(/Cannot rewind/);
    expect(nextLifecycle(transferred, { type: 'END', reason: 'transfer' }).status).toBe('ended');
  });

  it('keeps a session handed off to another agent active, and refuses a hand-off once it is transferred', () => {
    expect(nextLifecycle(active, { type: 'HAND_OFF' })).toEqual(active);
    const transferred = nextLifecycle(active, { type: 'TRANSFER', destination: 'human' });
    expect(() => nextLifecycle(transferred, { type: 'HAND_OFF' })).toThrow(/Cannot hand off/);
  });

  it('lets an operator hand a conversation a human has back to the workflow, and nothing else', () => {
    const withHuman = nextLifecycle(active, { type: 'TRANSFER', destination: 'human' });
    expect(nextLifecycle(withHuman, { type: 'HAND_BACK' })).toEqual(active);
    expect(() => nextLifecycle(active, { type: 'HAND_BACK' })).toThrow(/Cannot hand back a session that is active/);
    expect(() => nextLifecycle(nextLifecycle(active, { type: 'TRANSFER', destination: 'sales' }), { type: 'HAND_BACK' })).toThrow(/Cannot hand back/);
    expect(() => nextLifecycle(nextLifecycle(withHuman, { type: 'END', reason: 'api' }), { type: 'HAND_BACK' })).toThrow(/Cannot hand back/);
  });

  it('allows rewinding a session the agent hung up on, back to active', () => {
    const ended = nextLifecycle(active, { type: 'END', reason: 'agent-hangup' });
    expect(nextLifecycle(ended, { type: 'REWIND' })).toEqual(active);
  });

  it('refuses to rewind or talk to a session ended any other way', () => {
    const ended = nextLifecycle(active, { type: 'END', reason: 'timeout' });
    expect(() => nextLifecycle(ended, { type: 'REWIND' })).toThrow(/Cannot rewind/);
    expect(() => nextLifecycle(ended, { type: 'TURN' })).toThrow(/session_not_active|Cannot send/);
    expect(() => nextLifecycle(ended, { type: 'END', reason: 'api' })).toThrow(/Cannot end/);
  });
});
