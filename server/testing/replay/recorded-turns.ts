/**
 * What a recorded conversation holds for a replay: its opening and each user message with
 * the agent's answer (reply, path, resting node, variables, tool calls, LLM requests), read
 * from the main branch (the call's current one). The turns end where the workflow stopped
 * answering: a human took over, another agent did, or the conversation ended.
 */
import { z } from 'zod';
import type { MessageState } from '../../../shared/api/text-chat-api.ts';
import type { MessageRecord } from '../../storage/session-records.ts';

const recordedTurnSchema = z.looseObject({
  node: z.string().nullable().catch(null),
  path: z.array(z.string()).optional().catch(undefined),
  seeded: z.boolean().optional().catch(undefined),
  tool_calls: z.array(z.looseObject({ name: z.string(), kind: z.string().catch('tool'), result: z.unknown().optional(), error: z.string().optional() })).catch([]),
  llm_calls: z
    .array(z.object({ request_hash: z.string(), model: z.string(), content: z.string(), tool_calls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })) }))
    .catch([]),
});

export type RecordedLlmCall = z.infer<typeof recordedTurnSchema>['llm_calls'][number];
export interface RecordedToolResult {
  name: string;
  result?: unknown;
  error?: string | undefined;
}

export interface RecordedTurn {
  /** null for the opening. */
  userMessage: string | null;
  reply: string;
  /** undefined on rows stored before turns recorded their path. */
  path: string[] | undefined;
  node: string | null;
  variables: Record<string, unknown>;
  toolResults: RecordedToolResult[];
  llmCalls: RecordedLlmCall[];
}

/** Why a conversation cannot be replayed, or its turns. */
export type RecordedConversation = { turns: RecordedTurn[] } | { unreplayable: string };

function recordedTurn(message: MessageRecord, userMessage: string | null, state: MessageState | undefined): RecordedTurn {
  const figures = recordedTurnSchema.parse(message.turn ?? {});
  return {
    userMessage,
    reply: message.content,
    path: figures.path,
    node: state?.node ?? figures.node,
    variables: state?.variables ?? {},
    toolResults: figures.tool_calls.filter((call) => call.kind === 'tool').map((call) => ({ name: call.name, result: call.result, error: call.error })),
    llmCalls: figures.llm_calls,
  };
}

const byTheAgent = (message: MessageRecord | undefined, agentId: number, sessionAgentId: number): message is MessageRecord =>
  message !== undefined && message.role === 'assistant' && message.author === 'agent' && message.rewindable && (message.agent?.id ?? sessionAgentId) === agentId;

/**
 * Pair each user message with the agent's answer, the opening first.
 * `states` are the node and variables stored with each assistant message, by message id.
 */
export function readRecordedTurns(transcript: readonly MessageRecord[], states: ReadonlyMap<number, MessageState>, agentId: number, sessionAgentId: number): RecordedConversation {
  const opening = transcript[0];
  if (!byTheAgent(opening, agentId, sessionAgentId)) return { unreplayable: "The call's opening was not written by this agent's workflow." };
  if (recordedTurnSchema.parse(opening.turn ?? {}).seeded) return { unreplayable: 'The call started from a stored state, not from the start node.' };
  const turns = [recordedTurn(opening, null, states.get(opening.id))];
  for (let i = 1; i < transcript.length; i += 1) {
    const message = transcript[i];
    if (message?.role !== 'user' || message.author !== 'user') continue;
    const answer = transcript[i + 1];
    // A human or another agent answered: from here the workflow of this agent had no say.
    if (!byTheAgent(answer, agentId, sessionAgentId)) break;
    turns.push(recordedTurn(answer, message.content, states.get(answer.id)));
    i += 1;
  }
  return { turns };
}
