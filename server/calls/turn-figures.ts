/**
 * The `turn` JSON stored with each assistant message (latency, usage, tool calls, how the
 * user's answer was read), read
 * leniently: rows written by older versions or by a failed turn lack some figures.
 */
import { z } from 'zod';
import { turnLlmStatusSchema, type TurnLlmStatus } from '../../shared/api/calls-api.ts';
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

const turnFiguresSchema = z.looseObject({
  latency: latencySchema.catch({ llm_ttfb_ms: null, llm_total_ms: null, tool_ms: null, server_ms: null }),
  tool_calls: z.array(storedToolCallSchema).catch([]),
  llm: turnLlmStatusSchema.nullable().catch(null),
  /** Rows written before answers were recorded have none. */
  answer: answerRecordSchema.optional().catch(undefined),
});

export type StoredToolCall = z.infer<typeof storedToolCallSchema>;

export interface TurnFigures {
  latency: z.infer<typeof latencySchema>;
  toolCalls: StoredToolCall[];
  llm: TurnLlmStatus | null;
  answer?: AnswerRecord;
}

export function readTurnFigures(turn: Record<string, unknown> | null): TurnFigures | null {
  if (turn === null) return null;
  const parsed = turnFiguresSchema.safeParse(turn);
  if (!parsed.success) return null;
  const { latency, tool_calls: toolCalls, llm, answer } = parsed.data;
  return { latency, toolCalls, llm, ...(answer === undefined ? {} : { answer }) };
}
