import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, type GuardedFetchOptions } from './guarded-fetch.ts';

describe('the guarded outbound fetch', () => {
  let port = 0;
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') return res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
    if (req.url === '/big') return res.writeHead(200, { 'content-length': String(4096) }).end('x'.repeat(4096));
    // No length announced, and the answer never ends: only counting while reading stops it.
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('y'.repeat(3000));
      return;
    }
    if (req.url === '/trickle') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a little');
      return;
    }
    res.writeHead(200).end('ok');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const base: GuardedFetchOptions = { allowPrivate: false, purpose: 'webhooks', maxBodyBytes: 2048, overflow: 'refuse' };
  // DNS is a stub: a public-looking name that answers with loopback, as a rebinding attack would.
  const resolve = async (host: string) => ({ 'hooks.example.com': ['127.0.0.1'], 'v6.example.com': ['93.184.216.34', '::ffff:7f00:1'] })[host] ?? [];
  const post = (url: string, options: Partial<GuardedFetchOptions> = {}) =>
    createGuardedFetch({ ...base, resolve, ...options })(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000), redirect: 'manual' });

  it('refuses a loopback address given literally, before connecting', async () => {
    await expect(post(`http://127.0.0.1:${port}/hook`)).rejects.toThrow(/private address 127\.0\.0\.1/);
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/hook`)).rejects.toThrow(/private address/);
    await expect(post(`http://[::ffff:0:7f00:1]:${port}/hook`)).rejects.toThrow(/private address/);
    expect(hits).toEqual([]);
  });

  it('refuses a host name that resolves to loopback at connect time (no DNS rebinding)', async () => {
    await expect(post(`http://localhost:${port}/hook`, { resolve: undefined })).rejects.toThrow(/resolves to the private address/);
    await expect(post(`http://hooks.example.com:${port}/hook`)).rejects.toThrow('hooks.example.com resolves to the private address 127.0.0.1; webhooks must reach a public host');
    await expect(post(`http://v6.example.com:${port}/hook`)).rejects.toThrow(/resolves to the private address ::ffff:7f00:1 \(127\.0\.0\.1\)/);
    expect(hits).toEqual([]);
  });

  it('connects through its own lookup, and reaches a private address only when allowed', async () => {
    const res = await post(`http://hooks.example.com:${port}/hook`, { allowPrivate: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(hits).toEqual(['/hook']);
  });

  it('hands a redirect back instead of following it', async () => {
    const res = await post(`http://127.0.0.1:${port}/redirect`, { allowPrivate: true });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`http://127.0.0.1:${port}/secret`);
    expect(hits).not.toContain('/secret');
  });

  it('refuses an answer over the cap, announced or streamed without end, and closes the connection', async () => {
    await expect(post(`http://127.0.0.1:${port}/big`, { allowPrivate: true })).rejects.toThrow('the answer is larger than 2 KB; larger answers are refused');
    // No timeout at all: only the cap can end an endless answer, so it is refused as the bytes come in.
    const endless = createGuardedFetch({ ...base, resolve, allowPrivate: true })(`http://127.0.0.1:${port}/endless`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: new AbortController().signal, redirect: 'manual' });
    await expect(endless).rejects.toThrow(/the answer is larger than 2 KB/);
  });

  it('keeps the first bytes of an over-long answer as an excerpt when told to truncate', async () => {
    const res = await post(`http://127.0.0.1:${port}/big`, { allowPrivate: true, overflow: 'truncate' });
    expect((await res.text()).length).toBe(2048);
  });

  it('stops reading a body that never ends when the signal fires: the time cap covers the body too', async () => {
    const send = createGuardedFetch({ ...base, allowPrivate: true });
    const signal = AbortSignal.timeout(150);
    const error = await send(`http://127.0.0.1:${port}/trickle`, { method: 'GET', headers: {}, signal }).catch((e: unknown) => e);
    expect(signal.aborted).toBe(true);
    expect(error).toBe(signal.reason);
  });
});
