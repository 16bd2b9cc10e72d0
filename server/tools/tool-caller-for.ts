/**
 * Which tool caller a turn gets: real HTTP calls for live channels, over the turn's own
 * budgeted transport (turn-tool-budget.ts). Test and simulation channels never reach a
 * real tool by default — each call answers `{"skipped":true}` — unless the session's
 * `overrides.tool_mock_config` says otherwise (see tool-mocks.ts for the strategies).
 *
 * One budget per turn, shared by every agent that runs in it (hand-offs included).
 */
import { toolMockConfigSchema } from '../../shared/api/tool-mock-config.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { createHttpToolCaller, type ToolCaller } from './http-tool-caller.ts';
import { createMockToolCaller, SKIPPED_TOOL_RESULT } from './tool-mocks.ts';
import type { ToolTransport } from './tool-transport.ts';
import { DEFAULT_TURN_TOOL_LIMITS, withTurnBudget, type TurnToolLimits } from './turn-tool-budget.ts';

export { SKIPPED_TOOL_RESULT };

/** The tool caller of one agent in a session, spending from the turn's budget. */
export type TurnToolCallers = (session: Pick<SessionRecord, 'channel' | 'overrides'>, agent: AgentRecord) => ToolCaller;

/**
 * Tool callers by turn: `forTurn()` once per turn, then one caller per agent that runs in
 * it. A hand-off's destination agent opens within the same turn, so it spends from the
 * same budget — one message cannot buy a fresh 10 requests per agent in a chain.
 */
export interface ToolCallerFor {
  forTurn(): TurnToolCallers;
}

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
  return {
    forTurn() {
      const transport = withTurnBudget(options.transport, limits, now);
      return (session, agent) => callerFor(session, agent, transport);
    },
  };
}

function callerFor(session: Pick<SessionRecord, 'channel' | 'overrides'>, agent: AgentRecord, transport: ToolTransport): ToolCaller {
  const real = createHttpToolCaller({ tools: agent.config.tools, transport });
  if (session.channel !== 'test' && session.channel !== 'simulation') return real;
  // Stored overrides were validated on the way in; anything unreadable falls back to the safe default.
  const mocks = toolMockConfigSchema.safeParse(session.overrides.tool_mock_config);
  if (session.overrides.tool_mock_config === undefined || !mocks.success) return async () => ({ ...SKIPPED_TOOL_RESULT });
  return createMockToolCaller(mocks.data, real);
}
