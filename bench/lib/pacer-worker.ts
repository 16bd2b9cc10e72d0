/**
 * One process of the paced load (bench/lib/pacer.ts forks it): runs a paced loop over
 * its share of the sessions with node:http keep-alive sockets, one per session at most,
 * and reports every latency back over IPC.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPacedLoop } from './paced-loop.ts';
import { pacerStartSchema, type PacerStart, type PacerWorkerMessage } from './pacer-messages.ts';
import { serveForkedWorker } from './forked-worker.ts';

const REQUEST_TIMEOUT_MS = 30_000;
const epochNow = () => performance.timeOrigin + performance.now();

async function drive(start: PacerStart): Promise<PacerWorkerMessage> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: start.targets.length });
  const length = String(Buffer.byteLength(start.body));
  const send = (session: number) =>
    new Promise<number>((resolve, reject) => {
      const target = start.targets[session];
      if (!target) return reject(new Error(`no target ${session}`));
      const request = http.request(new URL(target.path, start.origin), {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': length, ...target.headers },
      }, (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error('timed out')));
      request.once('error', reject);
      request.end(start.body);
    });

  const loop = createPacedLoop({ ...start, sessions: start.targets.length, now: epochNow, send });
  for (let wait = loop.tick(); wait !== undefined; wait = loop.tick()) await sleep(wait);
  const drainUntil = epochNow() + start.drainMs;
  while (!loop.idle() && epochNow() < drainUntil) await sleep(5);
  const unanswered = loop.pending();
  agent.destroy();
  const tally = loop.tally();
  return { type: 'result', ...tally, errors: tally.errors + unanswered, unanswered };
}

serveForkedWorker('pacer-worker.ts', (raw) => pacerStartSchema.parse(raw), drive);
