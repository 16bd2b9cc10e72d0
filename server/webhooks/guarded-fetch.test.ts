import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch } from './guarded-fetch.ts';

describe('the guarded webhook sender', () => {
  let port = 0;
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200).end('ok');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (url: string) =>
    guardedFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000), redirect: 'manual' });

  it('refuses a loopback address given literally, before connecting', async () => {
    await expect(post(`http://127.0.0.1:${port}/hook`)).rejects.toThrow(/private address 127\.0\.0\.1/);
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/hook`)).rejects.toThrow(/private address/);
    expect(hits).toBe(0);
  });

  it('refuses a host name that resolves to loopback at connect time (no DNS rebinding)', async () => {
    await expect(post(`http://localhost:${port}/hook`)).rejects.toThrow(/resolves to the private address/);
    expect(hits).toBe(0);
  });
});
