/**
 * SSE: the gap between the fake LLM writing a turn's first chunk and the client reading
 * that turn's first `delta` event, with `concurrency` streamed turns in flight at once.
 * The fake LLM and the clients share this process's clock; its own event-loop delay is
 * reported beside the gaps, since a busy bench process reads late.
 *
 * `llm` shapes the model's timing. With no delay and every stream starting together, the
 * streams run in lockstep — every turn starts at once and every first chunk lands while
 * Parley is still starting the others' turns: the worst case, where the gap is the CPU of
 * the turns queued ahead. A model's first token takes time, and conversations do not
 * start together: a random first-byte delay and start offset spread the turns out.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import { lastUserText } from '../../test/fake-llm/completion-bodies.ts';
import type { FakeLlm } from '../../test/fake-llm/fake-llm.ts';
import { readSse } from '../../test/helpers/sse.ts';
import { percentile } from './stats.ts';

export interface FirstDeltaFigures {
  concurrency: number;
  samples: number;
  p50: number;
  p99: number;
  /** p99 of this process's event-loop delay while the streams ran, ms. */
  benchLoopDelayP99: number;
}

export type Post = (path: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;

const withRun = z.looseObject({ workflow_run_id: z.number().int() });
/** Turns per session: the llm node of the bench agent stays below its max_turns. */
const TURNS_PER_SESSION = 10;

export interface LlmTiming {
  /** The first byte comes after a delay drawn uniformly from [min, max] ms. */
  firstByteMs: { min: number; max: number };
  chunkDelayMs: number;
  /** Each stream starts after a random offset in [0, startSpreadMs). */
  startSpreadMs: number;
}

/** The fake LLM answers at once, a chunk a millisecond; the streams start together. */
export const LOCKSTEP: LlmTiming = { firstByteMs: { min: 0, max: 0 }, chunkDelayMs: 1, startSpreadMs: 0 };

export async function measureFirstDeltas(
  llm: FakeLlm,
  post: Post,
  base: string,
  options: { concurrency: number; turnsEach: number; timing?: LlmTiming },
): Promise<FirstDeltaFigures & { timing: LlmTiming }> {
  const timing = options.timing ?? LOCKSTEP;
  const { min, max } = timing.firstByteMs;
  llm.reset();
  llm.setHandler((body) => ({
    content: `streamed words for ${lastUserText(body)} arrive one by one`,
    chunkDelayMs: timing.chunkDelayMs,
    ...(max > 0 ? { delayMs: min + Math.random() * (max - min) } : {}),
  }));
  const gaps: number[] = [];
  const firstChunkOf = (text: string) => {
    const index = llm.requests.findIndex((request) => lastUserText(request) === text);
    return index < 0 ? undefined : llm.timings[index]?.firstChunkAt;
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const stream = async (worker: number) => {
    if (timing.startSpreadMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * timing.startSpreadMs));
    let run = 0;
    for (let turn = 0; turn < options.turnsEach; turn++) {
      if (turn % TURNS_PER_SESSION === 0) run = withRun.parse(await (await post(base, {})).json()).workflow_run_id;
      const text = `q${worker}-${turn}`;
      const res = await post(`${base}/${run}/messages`, { content: text }, { accept: 'text/event-stream' });
      let seen = false;
      for await (const event of readSse(res)) {
        if (event.event !== 'delta' || seen) continue;
        seen = true;
        const readAt = performance.now();
        const firstChunkAt = firstChunkOf(text);
        if (firstChunkAt !== undefined) gaps.push(readAt - firstChunkAt);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, worker) => stream(worker)));
  loopDelay.disable();
  llm.reset();
  gaps.sort((a, b) => a - b);
  return { concurrency: options.concurrency, samples: gaps.length, p50: percentile(gaps, 50), p99: percentile(gaps, 99), benchLoopDelayP99: loopDelay.percentile(99) / 1e6, timing };
}
