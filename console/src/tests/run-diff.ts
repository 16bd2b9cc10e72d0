/**
 * What changed between a test's previous run and this one: the verdict and the facts
 * around it (version, rationale, confidence, pass rate), each check whose outcome or value
 * moved (tool-call parameters, data assertions), and a line diff of what the agent said
 * (the reply, or the simulated transcript).
 */
import type { RunResult, TestRunResponse } from '../../../shared/api/agent-test-runs-api.ts';
import { lineDiff, type DiffLine } from '../agents/line-diff.ts';

export interface Change {
  what: string;
  before: string;
  after: string;
}

export interface RunDiff {
  changes: Change[];
  /** The agent's words, line by line; null when they are the same (or both runs have none). */
  text: DiffLine[] | null;
}

const TERMINAL = new Set(['passed', 'failed', 'error']);

/** The finished run of the same test and agent before `run`, from its runs newest first. */
export function previousRun(run: TestRunResponse, newestFirst: readonly TestRunResponse[]): TestRunResponse | undefined {
  const index = newestFirst.findIndex((r) => r.id === run.id);
  if (index < 0) return undefined;
  return newestFirst.slice(index + 1).find((r) => r.agent_id === run.agent_id && TERMINAL.has(r.status));
}

const value = (v: unknown): string => (v === undefined ? '(missing)' : typeof v === 'string' ? v : JSON.stringify(v));
const percent = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v * 100)}%`);

/** The words the agent produced: the reply, or the transcript of a simulation. */
function spoken(result: RunResult | null): string {
  if (result?.reply) return result.reply.agent_response;
  if (result?.simulation) return result.simulation.transcript.map((m) => `${m.role}: ${m.content}`).join('\n');
  return '';
}

/** Each check by a key, with the outcome and the value it saw. */
function checks(result: RunResult | null): Map<string, string> {
  const out = new Map<string, string>();
  const call = result?.tool_call;
  if (call) {
    out.set('Tool called', value(call.tool_called ?? 'no tool'));
    for (const p of call.parameter_results) out.set(`Argument ${p.path} (${p.mode})`, `${p.passed ? 'passed' : 'failed'}: ${value(p.actual)}`);
  }
  for (const d of result?.simulation?.data_assertions ?? []) out.set(`Variable ${d.path}`, `${d.passed ? 'passed' : 'failed'}: ${value(d.actual)}`);
  for (const c of result?.simulation?.tool_calls ?? []) out.set(`Tool call ${c.name}`, `${c.mocked ? 'mocked' : 'real'}: ${value(c.args)}`);
  return out;
}

/**
 * @example runDiff(passedRun, failedRun).changes[0] // { what: 'Verdict', before: 'passed', after: 'failed' }
 */
export function runDiff(before: TestRunResponse, after: TestRunResponse): RunDiff {
  const changes: Change[] = [];
  const compare = (what: string, a: string, b: string) => {
    if (a !== b) changes.push({ what, before: a, after: b });
  };
  compare('Verdict', before.status, after.status);
  compare('Agent version', value(before.agent_version), value(after.agent_version));
  compare('Rationale', before.rationale ?? before.error ?? '—', after.rationale ?? after.error ?? '—');
  compare('Confidence', percent(before.result?.reply?.confidence), percent(after.result?.reply?.confidence));
  compare('Pass rate', percent(before.result?.pass_rate), percent(after.result?.pass_rate));
  const a = checks(before.result);
  const b = checks(after.result);
  for (const key of new Set([...a.keys(), ...b.keys()])) compare(key, a.get(key) ?? '—', b.get(key) ?? '—');
  const textBefore = spoken(before.result);
  const textAfter = spoken(after.result);
  return { changes, text: textBefore === textAfter ? null : lineDiff(textBefore, textAfter) };
}
