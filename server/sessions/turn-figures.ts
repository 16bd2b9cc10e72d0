/**
 * The `turn` JSON stored with each assistant message (node, latency, usage, tool calls, how
 * the user's answer was read), read leniently: rows written by older versions or by a
 * failed turn lack some figures. The calls API and the text-chat run both present it.
 */
import { z } from 'zod';
import { turnLlmStatusSchema, type MessageTurn, type TurnLlmStatus } from '../../shared/api/text-chat-api.ts';
import { answerRecordSchema } from '../../shared/api/turn-answer.ts';
import type { AnswerRecord } from '../../shared/api/turn-answer.ts';

const ms = z.number().nullable().catch(null);

const storedToolCallSchema = z.looseObject({
  name: z.string(),
  args: z.unknown(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  ms: z.number().catch(0),
  kind: z.enum(['tool', 'exit']).catch('tool'),
});

/** Each figure a number or null: a missing or malformed one reads as null. */
const latencySchema = z.object({ llm_ttfb_ms: ms, llm_total_ms: ms, tool_ms: ms, server_ms: ms });

const tokens = z.number().int().min(0).catch(0);

const turnFiguresSchema = z.looseObject({
  node: z.string().nullable().catch(null),
  usage: z.object({ prompt_tokens: tokens, completion_tokens: tokens }).catch({ prompt_tokens: 0, completion_tokens: 0 }),
  latency: latencySchema.catch({ llm_ttfb_ms: null, llm_total_ms: null, tool_ms: null, server_ms: null }),
  tool_calls: z.array(storedToolCallSchema).catch([]),
  llm: turnLlmStatusSchema.nullable().catch(null),
  /** Rows written before answers were recorded have none. */
  answer: answerRecordSchema.optional().catch(undefined),
});

export type StoredToolCall = z.infer<typeof storedToolCallSchema>;

export interface TurnFigures {
  node: string | null;
  usage: MessageTurn['usage'];
  latency: z.infer<typeof latencySchema>;
  toolCalls: StoredToolCall[];
  llm: TurnLlmStatus | null;
  answer?: AnswerRecord;
}

export function readTurnFigures(turn: Record<string, unknown> | null): TurnFigures | null {
  if (turn === null) return null;
  const parsed = turnFiguresSchema.safeParse(turn);
  if (!parsed.success) return null;
  const { node, usage, latency, tool_calls: toolCalls, llm, answer } = parsed.data;
  return { node, usage, latency, toolCalls, llm, ...(answer === undefined ? {} : { answer }) };
}

/** A stored tool call as the API shows it. */
export function presentToolCall(call: StoredToolCall): MessageTurn['tool_calls'][number] {
  return {
    name: call.name,
    kind: call.kind,
    arguments: call.args,
    ...(call.result !== undefined ? { result: call.result } : {}),
    ...(call.error !== undefined ? { error: call.error } : {}),
    duration_ms: call.ms,
  };
}

/** The figures as a run's message carries them (`turn`). */
export function presentTurn(figures: TurnFigures): MessageTurn {
  return { node: figures.node, llm: figures.llm, latency: figures.latency, usage: figures.usage, tool_calls: figures.toolCalls.map(presentToolCall) };
}
