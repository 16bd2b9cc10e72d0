/**
 * Judge the tool calls of one turn against a `tool` test: was the expected tool called
 * (or, for `expect_no_tool_call`, not called), and do its arguments pass the checks?
 * When the expected tool was called several times, the first call passing every check
 * wins; otherwise the first call is reported.
 */
import type { ToolConfig } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult, ParameterResult } from '../../shared/api/agent-test-runs-api.ts';
import type { RecordedToolCall } from './conversation.ts';
import { checkParameter, type ParameterJudge } from './parameter-checks.ts';

type ToolCallSection = NonNullable<AttemptResult['tool_call']>;

function attempt(passed: boolean, section: ToolCallSection): AttemptResult {
  return { passed, rationale: section.rationale, error: null, reply: null, tool_call: section, simulation: null };
}

function names(calls: readonly RecordedToolCall[]): string {
  return [...new Set(calls.map((call) => `"${call.name}"`))].join(', ');
}

function expectNoCall(config: ToolConfig, calls: readonly RecordedToolCall[]): AttemptResult {
  const forbidden = config.expected_tool === undefined ? calls : calls.filter((call) => call.name === config.expected_tool);
  const passed = forbidden.length === 0;
  const what = config.expected_tool === undefined ? 'no tool call' : `no call of "${config.expected_tool}"`;
  const rationale = passed
    ? `As expected, ${what} was made${calls.length > 0 ? ` (the agent called ${names(calls)})` : ''}.`
    : `Expected ${what}, but the agent called ${names(forbidden)} with ${JSON.stringify(forbidden[0]?.args ?? {})}.`;
  return attempt(passed, { tool_called: forbidden[0]?.name ?? calls[0]?.name ?? null, tool_matched: passed, parameter_results: [], rationale });
}

export async function evaluateToolCalls(config: ToolConfig, calls: readonly RecordedToolCall[], judge: ParameterJudge): Promise<AttemptResult> {
  if (config.expect_no_tool_call) return expectNoCall(config, calls);
  const expected = config.expected_tool ?? '';
  const candidates = calls.filter((call) => call.name === expected);
  if (candidates.length === 0) {
    const rationale = calls.length === 0 ? `Expected a call of "${expected}", but no tool was called.` : `Expected a call of "${expected}", but the agent called ${names(calls)}.`;
    return attempt(false, { tool_called: calls[0]?.name ?? null, tool_matched: false, parameter_results: [], rationale });
  }

  let reported: ParameterResult[] | undefined;
  for (const call of candidates) {
    const results: ParameterResult[] = [];
    for (const check of config.parameter_checks) results.push(await checkParameter(check, call.args, judge));
    reported ??= results;
    if (results.every((result) => result.passed)) {
      reported = results;
      break;
    }
  }
  const results = reported ?? [];
  const failed = results.filter((result) => !result.passed);
  const rationale =
    failed.length === 0
      ? `Called "${expected}"${results.length > 0 ? ` and all ${results.length} parameter checks passed` : ''}.`
      : `Called "${expected}", but ${failed.length} of ${results.length} parameter checks failed: ${failed.map((result) => result.rationale).join(' ')}`;
  return attempt(failed.length === 0, { tool_called: expected, tool_matched: true, parameter_results: results, rationale });
}
