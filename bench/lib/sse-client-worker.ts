/**
 * The SSE clients of bench/lib/first-delta.ts, in their own process so that reading late
 * because the bench (and its fake LLM) is busy never counts as Parley's delay. Raw
 * node:http with keep-alive sockets and no event parser: a turn's first `delta` is read
 * when its bytes (`event: delta` up to the blank line) have arrived, stamped on the
 * monotonic clock every process on the machine shares (`process.hrtime`).
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { sseClientStartSchema, type SseClientMessage, type SseClientStart } from './sse-client-messages.ts';
import { serveForkedWorker } from './forked-worker.ts';

/** Turns per session: the llm node of the bench agent stays below its max_turns. */
const TURNS_PER_SESSION = 10;
const DELTA = 'event: delta';
const withRun = z.looseObject({ workflow_run_id: z.number().int() });
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** POSTs `body`; resolves with the status, the body, and when the first whole `delta` event arrived (if any). */
function post(start: SseClientStart, agent: http.Agent, path: string, body: string, accept: string) {
  return new Promise<{ status: number; text: string; firstDeltaAt: number | undefined }>((resolve, reject) => {
    const request = http.request(new URL(path, start.origin), {
      method: 'POST',
      agent,
      headers: { authorization: `Bearer ${start.apiKey}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), accept },
    }, (response) => {
      let text = '';
      let firstDeltaAt: number | undefined;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (firstDeltaAt !== undefined) return;
        const at = text.indexOf(DELTA);
        if (at >= 0 && /\r?\n\r?\n/.test(text.slice(at))) firstDeltaAt = monotonicMs();
      });
      response.once('end', () => resolve({ status: response.statusCode ?? 0, text, firstDeltaAt }));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}

async function drive(start: SseClientStart): Promise<SseClientMessage> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: start.concurrency });
  const reads: { text: string; at: number }[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const stream = async (worker: number) => {
    if (start.startSpreadMs > 0) await sleep(Math.random() * start.startSpreadMs);
    let run = 0;
    for (let turn = 0; turn < start.turnsEach; turn++) {
      if (turn % TURNS_PER_SESSION === 0) {
        const created = await post(start, agent, start.base, '{}', 'application/json');
        if (created.status < 200 || created.status >= 300) throw new Error(`creating a session answered ${created.status}: ${created.text}`);
        run = withRun.parse(JSON.parse(created.text)).workflow_run_id;
      }
      const text = `q${worker}-${turn}`;
      const answer = await post(start, agent, `${start.base}/${run}/messages`, JSON.stringify({ content: text }), 'text/event-stream');
      if (answer.status !== 200) throw new Error(`a streamed turn answered ${answer.status}: ${answer.text}`);
      if (answer.firstDeltaAt !== undefined) reads.push({ text, at: answer.firstDeltaAt });
    }
  };
  await Promise.all(Array.from({ length: start.concurrency }, (_, worker) => stream(worker)));
  loopDelay.disable();
  agent.destroy();
  return { type: 'result', reads, loopDelayP99: loopDelay.percentile(99) / 1e6 };
}

serveForkedWorker('sse-client-worker.ts', (raw) => sseClientStartSchema.parse(raw), drive);
