/**
 * What a tool call of a test session or an agent test does under a `tool_mock_config`.
 * The decision is a pure function of the config, the tool name and the arguments, so the
 * test runner can label each recorded call (mocked or real) without a side channel.
 *
 * - `strategy: none` mocks nothing: every call reaches the real tool.
 * - `strategy: selected` mocks the tools named in `mocks`; other tools are really called.
 * - `strategy: all` mocks every tool.
 * A mockable call takes the response of the first mock with its name whose `args_match`
 * is a substring of the JSON arguments; when none matches, `no_match_behavior` decides.
 * System tools (end, transfer, `llm` node exits) never reach a tool caller, so they are
 * never mocked.
 */
import type { ToolMockConfig } from '../../shared/api/tool-mock-config.ts';
import { ToolCallError, type ToolCaller } from './http-tool-caller.ts';

export const SKIPPED_TOOL_RESULT = Object.freeze({ skipped: true });

export type ToolCallDecision =
  | { kind: 'mock'; response: unknown }
  | { kind: 'skip' }
  | { kind: 'real' }
  | { kind: 'error'; message: string };

/**
 * Decide what one call does.
 * @example decideToolCall({ strategy: 'all', mocks: [{ tool_name: 'get_policy', response: { active: true } }], no_match_behavior: 'skip' }, 'get_policy', { id: '1' })
 * // { kind: 'mock', response: { active: true } }
 */
export function decideToolCall(config: ToolMockConfig, name: string, args: unknown): ToolCallDecision {
  const named = config.mocks.filter((mock) => mock.tool_name === name);
  const mockable = config.strategy === 'all' || (config.strategy === 'selected' && named.length > 0);
  if (!mockable) return { kind: 'real' };
  const serialised = JSON.stringify(args ?? {});
  const match = named.find((mock) => mock.args_match === undefined || serialised.includes(mock.args_match));
  if (match) return { kind: 'mock', response: structuredClone(match.response) };
  switch (config.no_match_behavior) {
    case 'call_real_tool':
      return { kind: 'real' };
    case 'skip':
      return { kind: 'skip' };
    case 'finish_with_error':
      return { kind: 'error', message: `No mock matches this call of "${name}" with ${serialised} (no_match_behavior: finish_with_error)` };
  }
}

/** A tool caller that applies `config` and reaches `real` only when the decision says so. */
export function createMockToolCaller(config: ToolMockConfig, real: ToolCaller): ToolCaller {
  return async (name, args, signal) => {
    const decision = decideToolCall(config, name, args);
    switch (decision.kind) {
      case 'mock':
        return decision.response;
      case 'skip':
        return { ...SKIPPED_TOOL_RESULT };
      case 'error':
        throw new ToolCallError(name, decision.message);
      case 'real':
        return real(name, args, signal);
    }
  };
}
