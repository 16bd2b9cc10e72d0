import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readError } from '../../test/helpers/api-reads.ts';
import type { AppEnv } from './app-env.ts';
import { createDrain, refuseWhileDraining } from './drain.ts';
import { handleError } from './error-handler.ts';

describe('draining the server for shutdown', () => {
  it('settles once the requests in flight have ended, and not before', async () => {
    const drain = createDrain();
    const first = drain.enter();
    const second = drain.enter();
    drain.begin();
    let settled: boolean | undefined;
    const waiting = drain.settled(60_000).then((done) => (settled = done));
    first();
    first();
    await Promise.resolve();
    expect(settled).toBeUndefined();
    expect(drain.inFlight).toBe(1);
    second();
    expect(await waiting).toBe(true);
  });

  it('gives up at the deadline when a request is still in flight', async () => {
    const drain = createDrain();
    drain.enter();
    drain.begin();
    expect(await drain.settled(10)).toBe(false);
  });

  it('answers new requests 503 with Connection: close once the drain has begun, and aborts its signal', async () => {
    const drain = createDrain();
    const app = new Hono<AppEnv>();
    app.use('*', refuseWhileDraining(drain));
    app.get('/ping', (c) => c.text('pong'));
    app.onError(handleError);
    expect((await app.request('/ping')).status).toBe(200);
    drain.begin();
    expect(drain.signal.aborted).toBe(true);
    const refused = await app.request('/ping');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect((await readError(refused)).code).toBe('shutting_down');
  });
});
