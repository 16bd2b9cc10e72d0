import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { runWrk } from './wrk.ts';

// The Lua script only runs inside wrk: check it there. CI installs wrk (.ci/run).
const hasWrk = spawnSync('wrk', ['-v']).error === undefined;
const BODY = JSON.stringify({ content: 'hello' });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

/** A server that records every request and whether a session ever had two in flight. */
async function recordingServer() {
  const seen: { path: string; method: string; body: string; auth: string | undefined; token: string | undefined; contentType: string | undefined }[] = [];
  const inFlight = new Map<string, number>();
  let overlaps = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const now = (inFlight.get(path) ?? 0) + 1;
    inFlight.set(path, now);
    if (now > 1) overlaps++;
    void readBody(req).then((body) => {
      seen.push({ path, method: req.method ?? '', body, auth: req.headers.authorization, token: req.headers['x-session-token'] as string | undefined, contentType: req.headers['content-type'] });
      // Answer a little later, so turns of different sessions overlap.
      setTimeout(() => {
        inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
        const missing = path === '/sessions/3/messages';
        if (missing) refused++;
        res.writeHead(missing ? 404 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }, 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, overlaps: () => overlaps, refused: () => refused };
}

test.skipIf(!hasWrk && process.env.CI !== 'true')('wrk with turns.lua posts to every session with its headers, never two turns of one session at once', async () => {
  const server = await recordingServer();
  const targets = Array.from({ length: 8 }, (_, i) => ({ path: `/sessions/${i}/messages`, headers: { authorization: 'Bearer pk_test', 'x-session-token': `token-${i}` } }));

  const { figures, raw } = await runWrk({ origin: server.origin, targets, body: BODY, connections: 4, seconds: 1 });

  expect(server.seen.length).toBeGreaterThan(8);
  for (const request of server.seen) {
    const session = /^\/sessions\/(\d)\/messages$/.exec(request.path)?.[1];
    expect(request).toEqual({ path: request.path, method: 'POST', body: BODY, auth: 'Bearer pk_test', token: `token-${session}`, contentType: 'application/json' });
  }
  expect(new Set(server.seen.map((r) => r.path)).size).toBe(8);
  expect(server.overlaps()).toBe(0);
  // Requests still in flight when wrk stops are answered by the server but not counted by wrk.
  expect(raw.requests).toBeLessThanOrEqual(server.seen.length);
  expect(raw.non2xx).toBeGreaterThan(0);
  expect(raw.non2xx).toBeLessThanOrEqual(server.refused());
  expect(figures.ok).toBe(raw.requests - raw.non2xx);
});
