/**
 * Which tool caller a session gets: real HTTP calls for live channels; for test and
 * simulation channels no real tool is called — each call answers `{"skipped":true}`
 * (agent tests replace this with their mocks).
 */
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { createHttpToolCaller, type ToolCaller } from './http-tool-caller.ts';

export const SKIPPED_TOOL_RESULT = Object.freeze({ skipped: true });

export type ToolCallerFor = (session: Pick<SessionRecord, 'channel' | 'overrides'>, agent: AgentRecord) => ToolCaller;

export function createToolCallerFor(options: { fetch?: typeof fetch } = {}): ToolCallerFor {
  return (session, agent) => {
    if (session.channel === 'test' || session.channel === 'simulation') return async () => ({ ...SKIPPED_TOOL_RESULT });
    return createHttpToolCaller({ tools: agent.config.tools, ...(options.fetch ? { fetch: options.fetch } : {}) });
  };
}
