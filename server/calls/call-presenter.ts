/**
 * The API shapes of a call: the list form (figures), and the single-call extras — the
 * transcript with tool calls in place, and per-turn latency.
 */
import type { CallResponse, CallStatusResponse, LatencyTurn, TranscriptEntry } from '../../shared/api/calls-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import { presentMessage } from '../sessions/run-presenter.ts';
import type { MessageRecord, SessionRecord } from '../storage/session-records.ts';
import { callStatusOf, durationSeconds } from './call-status.ts';
import { presentToolCall, readTurnFigures } from '../sessions/turn-figures.ts';

/** What a call's list form needs beyond its session row, looked up per page. */
export interface CallFacts {
  agentPublicId: string;
  model: string;
  cost: number;
  turnCount: number;
  toolsCalled: string[];
  nowMs: number;
}

/** Where a call stands: the status endpoint's answer, and the head of every other call shape. */
export function presentCallStatus(session: SessionRecord, nowMs: number): CallStatusResponse {
  return {
    call_id: callIdOf(session.id),
    status: callStatusOf(session),
    duration_seconds: durationSeconds(session.createdAt, session.endedAt, nowMs),
    started_at: session.createdAt,
    ended_at: session.endedAt,
  };
}

export function presentCall(session: SessionRecord, facts: CallFacts): CallResponse {
  return {
    ...presentCallStatus(session, facts.nowMs),
    workflow_run_id: session.id,
    agent_id: facts.agentPublicId,
    channel: session.channel,
    ended_reason: session.endedReason,
    transfer_destination: session.transferDestination,
    turn_count: facts.turnCount,
    tool_call_count: session.toolCallCount,
    tools_called: facts.toolsCalled,
    metadata: session.metadata,
    extracted_data: session.variables,
    model: facts.model,
    prompt_tokens: session.promptTokens,
    completion_tokens: session.completionTokens,
    total_tokens: session.promptTokens + session.completionTokens,
    total_cost: facts.cost,
    visitor: session.visitor,
  };
}

/** Messages of the current branch, each assistant message preceded by the tool calls of its turn. */
export function presentTranscript(messages: MessageRecord[]): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const message of messages) {
    for (const call of readTurnFigures(message.turn)?.toolCalls ?? []) {
      entries.push({ type: 'tool_call', message_index: message.index, ...presentToolCall(call), timestamp: message.createdAt });
    }
    entries.push({ type: 'message', ...presentMessage(message) });
  }
  return entries;
}

/** One entry per assistant message that a turn produced (operator messages have no figures). */
export function presentLatency(messages: MessageRecord[]): LatencyTurn[] {
  const turns: LatencyTurn[] = [];
  for (const message of messages) {
    if (message.role !== 'assistant' || message.author === 'operator') continue;
    const figures = readTurnFigures(message.turn);
    if (!figures) continue;
    turns.push({ turn: turns.length, message_index: message.index, ts: message.createdAt, ...figures.latency, llm: figures.llm });
  }
  return turns;
}
