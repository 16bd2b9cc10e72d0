/**
 * The `turn` JSON stored with each assistant message (latency, usage, tool calls), read
 * leniently: rows written by older versions or by a failed turn lack some figures.
 */
import { z } from 'zod';

const ms = z.number().nullable().catch(null);

const storedToolCallSchema = z.looseObject({
  name: z.string(),
  args: z.unknown(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  ms: z.number().catch(0),
  kind: z.enum(['tool', 'exit']).catch('tool'),
});

const turnFiguresSchema = z.looseObject({
  latency: z.looseObject({ llm_ttfb_ms: ms.optional(), llm_total_ms: ms.optional(), tool_ms: ms.optional(), server_ms: ms.optional() }).catch({}),
  tool_calls: z.array(storedToolCallSchema).catch([]),
});

export type StoredToolCall = z.infer<typeof storedToolCallSchema>;

export interface TurnFigures {
  latency: { llm_ttfb_ms: number | null; llm_total_ms: number | null; tool_ms: number | null; server_ms: number | null };
  toolCalls: StoredToolCall[];
}

export function readTurnFigures(turn: Record<string, unknown> | null): TurnFigures | null {
  if (turn === null) return null;
  const parsed = turnFiguresSchema.safeParse(turn);
  if (!parsed.success) return null;
  const latency = parsed.data.latency;
  return {
    latency: {
      llm_ttfb_ms: latency.llm_ttfb_ms ?? null,
      llm_total_ms: latency.llm_total_ms ?? null,
      tool_ms: latency.tool_ms ?? null,
      server_ms: latency.server_ms ?? null,
    },
    toolCalls: parsed.data.tool_calls ?? [],
  };
}
