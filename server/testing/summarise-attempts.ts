/**
 * Fold the attempts of a run (`repeat` of them) into its outcome: `error` when one could
 * not be judged, `passed` when the share of passing attempts reaches `threshold` (1: every
 * one). The result shows the first failing attempt (else the last) and, with `repeat > 1`,
 * every attempt, the pass rate and the threshold.
 */
import type { AttemptResult, RunResult } from '../../shared/api/agent-test-runs-api.ts';

export interface RunSummary {
  status: 'passed' | 'failed' | 'error';
  passed: boolean;
  rationale: string;
  error: string | null;
  result: RunResult;
}

export function summariseAttempts(attempts: readonly AttemptResult[], repeat: number, threshold = 1): RunSummary {
  const [first] = attempts;
  if (!first) throw new Error('a run needs at least one attempt');
  const errored = attempts.find((attempt) => attempt.error !== null);
  const shown = errored ?? attempts.find((attempt) => !attempt.passed) ?? attempts.at(-1) ?? first;
  const passedCount = attempts.filter((attempt) => attempt.passed).length;
  const rate = passedCount / attempts.length;
  const status = errored ? 'error' : rate >= threshold ? 'passed' : 'failed';
  const needed = threshold < 1 ? ` (${Math.round(threshold * 100)}% needed)` : '';
  const rationale = repeat > 1 && !errored ? `${passedCount}/${attempts.length} attempts passed${needed}. ${shown.rationale}` : shown.rationale;
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
      ...(shown.workflow_checks ? { workflow_checks: shown.workflow_checks } : {}),
      ...(shown.node !== undefined ? { node: shown.node } : {}),
      ...(shown.path !== undefined ? { path: shown.path } : {}),
      ...(attempts.every((attempt) => attempt.deterministic !== undefined) ? { deterministic: attempts.every((attempt) => attempt.deterministic) } : {}),
      ...(repeat > 1 ? { attempts: [...attempts], pass_rate: rate, pass_threshold: threshold } : {}),
    },
  };
}
