/**
 * What a debug link shows: the call's current branch turn by turn with its latency
 * figures, tool calls and how each answer was read, personal data masked in every text.
 */
import type { DebugLog } from '../../shared/api/calls-api.ts';
import { answerRecordSchema } from '../../shared/api/turn-answer.ts';
import type { MessageRecord, SessionRecord } from '../storage/session-records.ts';
import { presentCallStatus } from './call-presenter.ts';
import { maskDeep, maskPii } from './mask-pii.ts';
import { sourcesField } from '../sessions/message-sources.ts';
import { readTurnFigures } from '../sessions/turn-figures.ts';

export function buildDebugLog(session: SessionRecord, messages: MessageRecord[], nowMs: number): DebugLog {
  return {
    ...presentCallStatus(session, nowMs),
    turns: messages.map((message) => {
      const figures = readTurnFigures(message.turn);
      return {
        index: message.index,
        role: message.role,
        author: message.author,
        content: maskPii(message.content),
        timestamp: message.createdAt,
        llm_ttfb_ms: figures?.latency.llm_ttfb_ms ?? null,
        llm_total_ms: figures?.latency.llm_total_ms ?? null,
        tool_ms: figures?.latency.tool_ms ?? null,
        server_ms: figures?.latency.server_ms ?? null,
        llm: figures?.llm ?? null,
        tool_calls: (figures?.toolCalls ?? []).map((call) => ({
          name: call.name,
          ms: call.ms,
          arguments: maskDeep(call.args),
          ...(call.result !== undefined ? { result: maskDeep(call.result) } : {}),
          ...(call.error !== undefined ? { error: maskPii(call.error) } : {}),
        })),
        // Masking keeps the record's shape: every string in it (saved values, matched words) masked.
        ...(figures?.answer === undefined ? {} : { answer: answerRecordSchema.parse(maskDeep(figures.answer)) }),
        // Passages are the team's own documents, not the caller's words: shown unmasked.
        ...(message.role === 'assistant' ? sourcesField(message.turn) : {}),
      };
    }),
  };
}
