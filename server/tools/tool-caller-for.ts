/**
 * Which tool caller a turn gets: real HTTP calls for live channels, over the turn's own
 * budgeted transport (turn-tool-budget.ts). Test and simulation channels never reach a
 * real tool by default — each call answers `{"skipped":true}` — unless the session's
 * `overrides.tool_mock_config` says otherwise (see tool-mocks.ts for the strategies).
 *
 * Called once per turn (and once per agent opening), so each gets a fresh budget.
 */
import { toolMockConfigSchema } from '../../shared/api/tool-mock-config.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { createHttpToolCaller, type ToolCaller } from './http-tool-caller.ts';
import { createMockToolCaller, SKIPPED_TOOL_RESULT } from './tool-mocks.ts';
import type { ToolTransport } from './tool-transport.ts';
import { DEFAULT_TURN_TOOL_LIMITS, withTurnBudget, type TurnToolLimits } from './turn-tool-budget.ts';

export { SKIPPED_TOOL_RESULT };

export type ToolCallerFor = (session: Pick<SessionRecord, 'channel' | 'overrides'>, agent: AgentRecord) => ToolCaller;

export interface ToolCallerForOptions {
  /** Where requests go: the guarded fetch, with the demo tools answered in-process. */
  transport: ToolTransport;
  /** Per-turn caps on tool requests and tool time. */
  limits?: TurnToolLimits | undefined;
  /** Milliseconds, for the time cap; tests move it instead of waiting. */
  now?: (() => number) | undefined;
}

export function createToolCallerFor(options: ToolCallerForOptions): ToolCallerFor {
  const limits = options.limits ?? DEFAULT_TURN_TOOL_LIMITS;
  const now = options.now ?? (() => performance.now());
  return (session, agent) => {
    const real = createHttpToolCaller({ tools: agent.config.tools, transport: withTurnBudget(options.transport, limits, now) });
    if (session.channel !== 'test' && session.channel !== 'simulation') return real;
    // Stored overrides were validated on the way in; anything unreadable falls back to the safe default.
    const mocks = toolMockConfigSchema.safeParse(session.overrides.tool_mock_config);
    if (session.overrides.tool_mock_config === undefined || !mocks.success) return async () => ({ ...SKIPPED_TOOL_RESULT });
    return createMockToolCaller(mocks.data, real);
  };
}
