/** What bench/lib/pacer.ts and its worker processes say to each other over IPC. */
import { z } from 'zod';

export const pacerStartSchema = z.object({
  type: z.literal('start'),
  origin: z.url(),
  targets: z.array(z.object({ path: z.string().startsWith('/'), headers: z.record(z.string(), z.string()).optional() })).min(1),
  body: z.string(),
  ratePerSecond: z.number().positive(),
  /** Epoch milliseconds (performance.timeOrigin + performance.now()). */
  startAt: z.number(),
  offsetMs: z.number().min(0),
  durationMs: z.number().positive(),
  warmupMs: z.number().min(0),
  /** How long to wait for answers after the last arrival before counting them as errors. */
  drainMs: z.number().min(0),
});

export type PacerStart = z.infer<typeof pacerStartSchema>;

const count = z.number().int().min(0);

export const pacerWorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('result'),
    latencies: z.array(z.number()),
    lags: z.array(z.number()),
    non2xx: count,
    errors: count,
    arrivals: count,
    waitedForSession: count,
    /** Still unanswered when the drain time ran out: counted in `errors` too. */
    unanswered: count,
  }),
]);

export type PacerWorkerMessage = z.infer<typeof pacerWorkerMessageSchema>;
export type PacerWorkerResult = Extract<PacerWorkerMessage, { type: 'result' }>;
