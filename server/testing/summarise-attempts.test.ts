import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import { unjudgedAttempt } from './attempt-context.ts';
import { summariseAttempts } from './summarise-attempts.ts';

const attempt = (passed: boolean, rationale: string): AttemptResult => ({
  passed,
  rationale,
  error: null,
  reply: { agent_response: rationale, passed, rationale, confidence: 1 },
  tool_call: null,
  simulation: null,
});

describe('summarising the attempts of a run', () => {
  it('passes a single passing attempt, without attempts or pass_rate in the result', () => {
    const summary = summariseAttempts([attempt(true, 'fine')], 1);
    expect(summary).toMatchObject({ status: 'passed', passed: true, rationale: 'fine', error: null });
    expect(summary.result).not.toHaveProperty('attempts');
    expect(summary.result).not.toHaveProperty('pass_rate');
  });

  it('fails when any attempt fails, showing the first failing one and the pass rate', () => {
    const summary = summariseAttempts([attempt(true, 'a'), attempt(false, 'b'), attempt(false, 'c')], 3);
    expect(summary).toMatchObject({ status: 'failed', rationale: '1/3 attempts passed. b' });
    expect(summary.result.reply?.rationale).toBe('b');
    expect(summary.result.pass_rate).toBeCloseTo(1 / 3);
    expect(summary.result.attempts).toHaveLength(3);
  });

  it('is an error when an attempt could not be judged, carrying its reason', () => {
    const summary = summariseAttempts([attempt(true, 'a'), unjudgedAttempt('reply', 'judge down')], 3);
    expect(summary).toMatchObject({ status: 'error', passed: false, error: 'judge down', rationale: 'judge down' });
  });
});
