/** What bench/lib/first-delta.ts and its SSE client process say to each other over IPC. */
import { z } from 'zod';

export const sseClientStartSchema = z.object({
  type: z.literal('start'),
  origin: z.url(),
  /** `/workflow/{agent}/text-chat/sessions` of an agent with an `llm` node. */
  base: z.string().startsWith('/'),
  apiKey: z.string().min(1),
  concurrency: z.number().int().positive(),
  turnsEach: z.number().int().positive(),
  /** Each stream starts after a random offset in [0, startSpreadMs). */
  startSpreadMs: z.number().min(0),
});

export type SseClientStart = z.infer<typeof sseClientStartSchema>;

export const sseClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('result'),
    /** Per turn: the text it sent and when its first `delta` event was whole, on the monotonic clock (ms). */
    reads: z.array(z.object({ text: z.string(), at: z.number() })),
    /** p99 of the client process's event-loop delay while it read, ms. */
    loopDelayP99: z.number(),
  }),
]);

export type SseClientMessage = z.infer<typeof sseClientMessageSchema>;
export type SseClientResult = Extract<SseClientMessage, { type: 'result' }>;
