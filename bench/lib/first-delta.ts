/**
 * SSE: the gap between the fake LLM writing a turn's first text-bearing chunk and a client
 * having read that turn's first `delta` event, with `concurrency` streamed turns in flight.
 *
 * Three processes, so that neither end's own busyness is counted as Parley's: the fake
 * LLM in this one (it stamps a chunk right after writing it, so lateness in writing it is
 * not counted either), `parley serve` in its own, and the clients in a forked process of
 * their own (lib/sse-client-worker.ts) that only reads sockets. The two stamps are taken
 * on the machine's monotonic clock (`process.hrtime`, CLOCK_MONOTONIC) and compared here.
 * The clients' event-loop delay is reported beside the gaps: a late read is still counted.
 *
 * Earlier versions of this bench ran the clients in this process (its event-loop delay
 * p99 was 5–11 ms under 50 streams) and measured from the stream's role-only opening
 * chunk, one `chunkDelayMs` before the first text: both inflated the gap.
 *
 * `llm` shapes the model's timing. With no delay and every stream starting together, the
 * streams run in lockstep — every turn starts at once and every first chunk lands while
 * Parley is still starting the others' turns: the worst case, where the gap is the CPU of
 * the turns queued ahead. A model's first token takes time, and conversations do not
 * start together: a random first-byte delay and start offset spread the turns out.
 */
import { fork } from 'node:child_process';
import { lastUserText } from '../../test/fake-llm/completion-bodies.ts';
import type { FakeLlm } from '../../test/fake-llm/fake-llm.ts';
import { compileBenchScript } from './compile-bench-script.ts';
import { processCpuMs } from './process-cpu.ts';
import { sseClientMessageSchema, type SseClientResult, type SseClientStart } from './sse-client-messages.ts';
import { percentile } from './stats.ts';

export interface FirstDeltaFigures {
  concurrency: number;
  samples: number;
  p50: number;
  p99: number;
  /** p99 of the client process's event-loop delay while the streams ran, ms. */
  clientLoopDelayP99: number;
  /** The server's CPU time (user + system) over the run divided by its turns, ms: the figure a busy machine barely moves. */
  serverCpuMsPerTurn: number;
}

export type Post = (path: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;

export interface LlmTiming {
  /** The first byte comes after a delay drawn uniformly from [min, max] ms. */
  firstByteMs: { min: number; max: number };
  chunkDelayMs: number;
  /** Each stream starts after a random offset in [0, startSpreadMs). */
  startSpreadMs: number;
}

/** The fake LLM answers at once, a chunk a millisecond; the streams start together. */
export const LOCKSTEP: LlmTiming = { firstByteMs: { min: 0, max: 0 }, chunkDelayMs: 1, startSpreadMs: 0 };

const WORKER = new URL('./sse-client-worker.ts', import.meta.url).pathname;
let compiledWorker: Promise<string> | undefined;

/** This process's `performance.now()` on the monotonic clock: `performance.now()` is hrtime less a fixed origin. */
const monotonicOffsetMs = () => Number(process.hrtime.bigint()) / 1e6 - performance.now();

export async function measureFirstDeltas(
  llm: FakeLlm,
  parley: { origin: string; apiKey: string; pid: number | undefined },
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
  const cpuBefore = processCpuMs(parley.pid);
  const result = await runClients({
    type: 'start',
    origin: parley.origin,
    base,
    apiKey: parley.apiKey,
    concurrency: options.concurrency,
    turnsEach: options.turnsEach,
    startSpreadMs: timing.startSpreadMs,
  });
  const serverCpuMs = processCpuMs(parley.pid) - cpuBefore;
  const offset = monotonicOffsetMs();
  const firstTextAt = new Map(llm.requests.map((request, index) => [lastUserText(request), llm.timings[index]?.firstTextAt]));
  llm.reset();
  const gaps: number[] = [];
  for (const read of result.reads) {
    const written = firstTextAt.get(read.text);
    if (written !== undefined) gaps.push(read.at - (written + offset));
  }
  gaps.sort((a, b) => a - b);
  return { concurrency: options.concurrency, samples: gaps.length, p50: percentile(gaps, 50), p99: percentile(gaps, 99), clientLoopDelayP99: result.loopDelayP99, serverCpuMsPerTurn: serverCpuMs / (options.concurrency * options.turnsEach), timing };
}

/** Forks the client process, hands it the run, and resolves with what it read. */
async function runClients(start: SseClientStart): Promise<SseClientResult> {
  compiledWorker ??= compileBenchScript(WORKER);
  const child = fork(await compiledWorker, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await new Promise<SseClientResult>((resolve, reject) => {
      child.on('message', (raw: unknown) => {
        const message = sseClientMessageSchema.parse(raw);
        if (message.type === 'ready') child.send(start);
        else resolve(message);
      });
      child.once('exit', (code) => reject(new Error(`the SSE client process exited with ${code} before reporting`)));
    });
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
