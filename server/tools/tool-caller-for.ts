/**
 * Which tool caller a session gets: real HTTP calls for live channels. Test and
 * simulation channels never reach a real tool by default — each call answers
 * `{"skipped":true}` — unless the session's `overrides.tool_mock_config` says otherwise
 * (see tool-mocks.ts for the strategies).
 */
import { toolMockConfigSchema } from '../../shared/api/tool-mock-config.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { createHttpToolCaller, type ToolCaller } from './http-tool-caller.ts';
import { createMockToolCaller, SKIPPED_TOOL_RESULT } from './tool-mocks.ts';

export { SKIPPED_TOOL_RESULT };

export type ToolCallerFor = (session: Pick<SessionRecord, 'channel' | 'overrides'>, agent: AgentRecord) => ToolCaller;

export function createToolCallerFor(options: { fetch?: typeof fetch } = {}): ToolCallerFor {
  return (session, agent) => {
    const real = createHttpToolCaller({ tools: agent.config.tools, ...(options.fetch ? { fetch: options.fetch } : {}) });
    if (session.channel !== 'test' && session.channel !== 'simulation') return real;
    // Stored overrides were validated on the way in; anything unreadable falls back to the safe default.
    const mocks = toolMockConfigSchema.safeParse(session.overrides.tool_mock_config);
    if (session.overrides.tool_mock_config === undefined || !mocks.success) return async () => ({ ...SKIPPED_TOOL_RESULT });
    return createMockToolCaller(mocks.data, real);
  };
}
