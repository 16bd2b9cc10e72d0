/** The API shape of a session ("run") and of its messages. */
import type { ChatMessage, MessageKind, MessageState, RunMessage, RunResponse } from '../../shared/api/text-chat-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import type { MessageRecord, SessionRecord } from '../storage/session-records.ts';
import { sourcesField } from './message-sources.ts';
import { presentTurn, readTurnFigures } from './turn-figures.ts';

export function presentMessage(message: MessageRecord): ChatMessage {
  return {
    index: message.index,
    role: message.role,
    author: message.author,
    content: message.content,
    timestamp: message.createdAt,
    ...(message.choices?.length ? { choices: message.choices } : {}),
    ...(message.feedback ? { feedback: { rating: message.feedback.rating, ...(message.feedback.comment ? { comment: message.feedback.comment } : {}) } } : {}),
    ...(message.role === 'assistant' && message.author === 'agent' ? { kind: messageKind(message.index, message.turn) } : {}),
    ...operatorName(message),
    ...(message.role === 'assistant' && message.author === 'agent' ? sourcesField(message.turn) : {}),
  };
}

/**
 * A message of a run. Given `states` (for API and console callers), an agent's message also
 * carries its turn's figures and the workflow's state after it.
 */
export function presentRunMessage(message: MessageRecord, states: ReadonlyMap<number, MessageState> | undefined): RunMessage {
  const base = presentMessage(message);
  if (!states || message.role !== 'assistant' || message.author !== 'agent') return base;
  const figures = readTurnFigures(message.turn);
  const state = states.get(message.id);
  return { ...base, ...(figures ? { turn: presentTurn(figures) } : {}), ...(state ? { state } : {}) };
}

/** The name an operator replied under (the inbox stores it with the message). */
function operatorName(message: MessageRecord): { author_name?: string } {
  const name = message.author === 'operator' ? message.turn?.author_name : undefined;
  return typeof name === 'string' && name ? { author_name: name } : {};
}

/** An agent message's kind, from the figures its turn stored (`replyKind` in the session aggregate); older rows read as answers. */
export function messageKind(index: number, turn: Record<string, unknown> | null | undefined): MessageKind {
  if (index === 0) return 'opening';
  if (turn?.error !== undefined) return 'error';
  const kind = turn?.kind;
  return kind === 'retry' || kind === 'closing' ? kind : 'answer';
}

export interface BranchRow {
  id: string;
  parent_id: string | null;
  fork_index: number | null;
  created_at: string;
  message_count: number;
}

export function presentRun(input: {
  session: SessionRecord;
  agentPublicId: string;
  messages: MessageRecord[];
  branches: BranchRow[];
  branchId?: string;
  sessionToken?: string;
  /** The state after each message, by message id: messages then carry `turn` and `state`. */
  states?: ReadonlyMap<number, MessageState>;
}): RunResponse {
  const { session } = input;
  return {
    workflow_run_id: session.id,
    call_id: callIdOf(session.id),
    agent_id: input.agentPublicId,
    channel: session.channel,
    status: session.status,
    ended_reason: session.endedReason,
    revision: session.revision,
    branch_id: input.branchId ?? session.currentBranch,
    messages: input.messages.map((message) => presentRunMessage(message, input.states)),
    branches: input.branches.map((b) => ({ ...b, current: b.id === session.currentBranch })),
    created_at: session.createdAt,
    expires_at: session.expiresAt,
    ...(input.sessionToken ? { session_token: input.sessionToken } : {}),
    ...(session.visitor ? { visitor: session.visitor } : {}),
  };
}
