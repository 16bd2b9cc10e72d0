import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPERATOR_TYPING_MS, TypingState, VISITOR_TYPING_MS } from './typing-state.ts';

afterEach(() => {
  vi.useRealTimers();
});

function typingState() {
  let now = 1_000_000;
  const sent: number[] = [];
  let changes = 0;
  const state = new TypingState({
    send: () => (sent.push(now), Promise.resolve()),
    changed: () => void changes++,
    now: () => now,
  });
  return { state, sent, changes: () => changes, advance: (ms: number) => void (now += ms) };
}

describe('TypingState', () => {
  it('shows the operator typing until their signals stop for a while', () => {
    vi.useFakeTimers();
    const { state, changes } = typingState();
    state.operatorTyping('Rosa Diaz');
    expect(state.operator).toBe('Rosa Diaz');
    expect(changes()).toBe(1);

    // Another signal before the first goes stale keeps it up, with no re-render (and no new announcement).
    vi.advanceTimersByTime(OPERATOR_TYPING_MS - 1000);
    state.operatorTyping('Rosa Diaz');
    vi.advanceTimersByTime(OPERATOR_TYPING_MS - 1000);
    expect(state.operator).toBe('Rosa Diaz');
    expect(changes()).toBe(1);

    vi.advanceTimersByTime(1000);
    expect(state.operator).toBeNull();
    expect(changes()).toBe(2);
  });

  it('hides the operator typing at once when it is stopped (their message came)', () => {
    vi.useFakeTimers();
    const { state, changes } = typingState();
    state.operatorTyping('');
    expect(state.operator).toBe('');
    state.stop();
    expect(state.operator).toBeNull();
    vi.advanceTimersByTime(OPERATOR_TYPING_MS);
    expect(changes()).toBe(2);
  });

  it("passes the visitor's typing on at most once per interval", () => {
    const { state, sent, advance } = typingState();
    for (let i = 0; i < 10; i++) {
      state.visitorTyped();
      advance(250);
    }
    // 2.5 s of keystrokes: one signal.
    expect(sent).toHaveLength(1);
    advance(VISITOR_TYPING_MS);
    state.visitorTyped();
    state.visitorTyped();
    expect(sent).toHaveLength(2);
  });

  it('drops a refused signal without a problem for the visitor', async () => {
    const state = new TypingState({ send: () => Promise.reject(new Error('429')), changed: () => undefined });
    state.visitorTyped();
    await Promise.resolve();
    expect(state.operator).toBeNull();
  });
});
