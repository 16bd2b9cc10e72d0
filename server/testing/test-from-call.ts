/**
 * `POST /v1/calls/{call_id}/test`: turn a finished conversation into a simulation test of
 * its agent, seeded with its transcript. The seed's user messages are replayed, so the
 * test first re-lives the call, then the simulated user may go on for `max_turns`.
 * The tool results the call got become mocks, so the replay meets the same data.
 */
import { z } from 'zod';
import type { ChatTurn } from '../../shared/api/agent-test-config.ts';
import type { AgentTestResponse, testFromCallSchema } from '../../shared/api/agent-tests-api.ts';
import { callIdOf, parsePositiveInt, runIdOfCallId } from '../../shared/ids.ts';
import { conflict, notFound } from '../errors.ts';
import { toolMockSchema, type ToolMock } from '../../shared/api/tool-mock-config.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { MessageRecord } from '../storage/session-records.ts';
import type { AgentTestService } from './agent-test-service.ts';

/** The history a test may hold (see chatHistorySchema): a longer call is cut, keeping its start. */
const MAX_SEED_MESSAGES = 100;
const MAX_MESSAGE_CHARS = 8000;

const MAX_MOCKS = 100;

const recordedCallsSchema = z.looseObject({
  tool_calls: z.array(z.looseObject({ name: z.string(), args: z.unknown(), result: z.unknown().optional(), error: z.string().optional(), kind: z.string() })).default([]),
});

/** One mock per distinct successful tool call of the call, matching its exact arguments. */
export function mocksFromTranscript(messages: readonly MessageRecord[]): ToolMock[] {
  const mocks = new Map<string, ToolMock>();
  for (const message of messages) {
    const figures = recordedCallsSchema.safeParse(message.turn ?? {});
    if (!figures.success) continue;
    for (const call of figures.data.tool_calls) {
      if (call.kind !== 'tool' || call.error !== undefined || call.result === undefined) continue;
      const args = JSON.stringify(call.args ?? {});
      const key = `${call.name} ${args}`;
      // A mock the schema refuses (arguments too long to match on) is left out: that call is skipped.
      const mock = toolMockSchema.safeParse({ tool_name: call.name, args_match: args, response: call.result });
      if (mock.success && !mocks.has(key) && mocks.size < MAX_MOCKS) mocks.set(key, mock.data);
    }
  }
  return [...mocks.values()];
}

export const DEFAULT_REPLAY_CRITERIA = "The agent handles the caller's request correctly and politely, at least as well as in the original conversation.";

export async function createTestFromCall(
  deps: { sessions: Pick<SessionsRepo, 'get' | 'transcript'>; agents: Pick<AgentsRepo, 'findById'>; tests: AgentTestService },
  workspaceId: number,
  callId: string,
  body: z.infer<typeof testFromCallSchema>,
): Promise<AgentTestResponse> {
  const runId = runIdOfCallId(callId) ?? parsePositiveInt(callId);
  const session = runId === undefined ? undefined : await deps.sessions.get(runId);
  if (!session || session.workspaceId !== workspaceId) throw notFound('Call not found');
  if (session.status === 'active') throw conflict('This call is still in progress: end it first', 'call_in_progress');
  const agent = await deps.agents.findById(session.agentId);
  if (!agent) throw conflict("This call's agent was deleted", 'agent_deleted');

  const messages = await deps.sessions.transcript(session.id, session.currentBranch);
  const history: ChatTurn[] = messages.slice(0, MAX_SEED_MESSAGES).map((m) => ({ role: m.role, content: m.content.slice(0, MAX_MESSAGE_CHARS) }));
  const firstUser = history.find((turn) => turn.role === 'user')?.content;
  const publicCallId = callIdOf(session.id);
  const scenario =
    body.scenario ??
    `You are the caller of conversation ${publicCallId}, replayed above. Carry on as that caller would${firstUser ? `, pursuing the same goal as when you first said: "${firstUser.slice(0, 500)}"` : ''}.`;

  return deps.tests.create(workspaceId, agent.publicId, {
    name: body.name ?? `Replay of ${publicCallId}`,
    description: `Seeded from ${publicCallId} (${session.channel}, ${session.endedReason ?? session.status}).`,
    type: 'simulation',
    config: {
      scenario,
      max_turns: body.max_turns ?? 5,
      initial_chat_history: history,
      success_criteria: body.success_criteria ?? DEFAULT_REPLAY_CRITERIA,
    },
    variables: {},
    tool_mock_config: { strategy: 'all', mocks: mocksFromTranscript(messages), no_match_behavior: 'skip' },
    ...(body.folder_id !== undefined ? { folder_id: body.folder_id } : {}),
    repeat: 1,
    pass_threshold: 1,
  });
}
