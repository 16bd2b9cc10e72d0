/**
 * Fold the attempts of a run (`repeat` of them) into its outcome: `error` when one could
 * not be judged, `passed` only when every attempt passed. The result shows the first
 * failing attempt (else the last) and, with `repeat > 1`, every attempt and the pass rate.
 */
import type { AttemptResult, RunResult } from '../../shared/api/agent-test-runs-api.ts';

export interface RunSummary {
  status: 'passed' | 'failed' | 'error';
  passed: boolean;
  rationale: string;
  error: string | null;
  result: RunResult;
}

export function summariseAttempts(attempts: readonly AttemptResult[], repeat: number): RunSummary {
  const [first] = attempts;
  if (!first) throw new Error('a run needs at least one attempt');
  const errored = attempts.find((attempt) => attempt.error !== null);
  const shown = errored ?? attempts.find((attempt) => !attempt.passed) ?? attempts.at(-1) ?? first;
  const passedCount = attempts.filter((attempt) => attempt.passed).length;
  const status = errored ? 'error' : passedCount === attempts.length ? 'passed' : 'failed';
  const rationale = repeat > 1 && !errored ? `${passedCount}/${attempts.length} attempts passed. ${shown.rationale}` : shown.rationale;
  const passed = status === 'passed';
  return {
    status,
    passed,
    rationale,
    error: errored?.error ?? null,
    result: {
      passed,
      rationale,
      reply: shown.reply,
      tool_call: shown.tool_call,
      simulation: shown.simulation,
      ...(repeat > 1 ? { attempts: [...attempts], pass_rate: passedCount / attempts.length } : {}),
    },
  };
}
