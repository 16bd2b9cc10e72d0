import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolDefinitionSchema } from '../../shared/agent-schema.ts';
import { createGuardedFetch, type GuardedFetchOptions } from '../outbound/guarded-fetch.ts';
import { createHttpToolCaller, ToolCallError } from './http-tool-caller.ts';

let server: Server;
let base = '';
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (path === '/echo') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: JSON.parse(body || '{}'), query: req.url }));
      if (path === '/flaky' && hits[path] === 1) return res.writeHead(503).end('busy');
      if (path === '/flaky') return res.writeHead(200).end('{"ok":true}');
      if (path === '/missing') return res.writeHead(404).end('nope');
      if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 2000);
      if (path === '/moved') return res.writeHead(302, { location: `${base}/internal` }).end();
      if (path === '/huge') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ blob: 'z'.repeat(4096) }));
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const tool = (name: string, path: string, extra: Record<string, unknown> = {}) => toolDefinitionSchema.parse({ name, server_url: `${base}${path}`, ...extra });
// The loopback tool server needs the opt-in a server gets from PARLEY_ALLOW_PRIVATE_TOOLS=1.
const guarded = (options: Partial<GuardedFetchOptions> = {}) =>
  createGuardedFetch({ allowPrivate: true, purpose: 'tools', maxBodyBytes: 1024 * 1024, overflow: 'refuse', ...options });
const noWait = { backoffMs: 1, transport: guarded() };

describe('the HTTP tool caller', () => {
  it('posts the arguments as JSON and returns the parsed answer', async () => {
    const call = createHttpToolCaller({ tools: [tool('echo', '/echo')], ...noWait });
    expect(await call('echo', { id: '123456' }, new AbortController().signal)).toMatchObject({ got: { id: '123456' } });
  });

  it('sends GET arguments as the query string', async () => {
    const call = createHttpToolCaller({ tools: [tool('echo', '/echo', { method: 'GET' })], ...noWait });
    expect(await call('echo', { q: 'a b' }, new AbortController().signal)).toMatchObject({ query: '/echo?q=a+b' });
  });

  it('retries a 5xx and succeeds', async () => {
    const call = createHttpToolCaller({ tools: [tool('flaky', '/flaky')], ...noWait });
    expect(await call('flaky', {}, new AbortController().signal)).toEqual({ ok: true });
    expect(hits['/flaky']).toBe(2);
  });

  it('does not retry a 4xx', async () => {
    const call = createHttpToolCaller({ tools: [tool('missing', '/missing')], ...noWait });
    await expect(call('missing', {}, new AbortController().signal)).rejects.toMatchObject({ status: 404 });
    expect(hits['/missing']).toBe(1);
  });

  it('gives up after its retries on a timeout, with a message saying so', async () => {
    const call = createHttpToolCaller({ tools: [tool('slow', '/slow', { timeout_ms: 100, retries: 1 })], ...noWait });
    const error = await call('slow', {}, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect(String(error)).toContain('timed out after 100 ms');
    expect(hits['/slow']).toBe(2);
  });

  it('refuses a tool on a loopback address by default, without a request or a retry', async () => {
    const call = createHttpToolCaller({ tools: [tool('echo', '/refused', { retries: 2 })], backoffMs: 1, transport: guarded({ allowPrivate: false }) });
    const error = await call('echo', {}, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect(String(error)).toContain('Tool "echo" failed: the private address 127.0.0.1 is refused; tools must reach a public host');
    expect(hits['/refused']).toBeUndefined();
  });

  it('refuses a public-looking host that resolves to a private address, at connect time', async () => {
    const port = new URL(base).port;
    const rebinding = { 'tools.example.com': ['127.0.0.1'] };
    const transport = guarded({ allowPrivate: false, resolve: async (host) => rebinding[host as keyof typeof rebinding] ?? [] });
    const call = createHttpToolCaller({ tools: [toolDefinitionSchema.parse({ name: 'echo', server_url: `http://tools.example.com:${port}/rebound` })], backoffMs: 1, transport });
    await expect(call('echo', {}, new AbortController().signal)).rejects.toThrow('Tool "echo" failed: tools.example.com resolves to the private address 127.0.0.1; tools must reach a public host');
    expect(hits['/rebound']).toBeUndefined();
  });

  it('does not follow a redirect: the call fails naming it, and the target is never asked', async () => {
    const call = createHttpToolCaller({ tools: [tool('moved', '/moved')], ...noWait });
    const error = await call('moved', {}, new AbortController().signal).catch((e: unknown) => e);
    expect(String(error)).toContain(`Tool "moved" answered a redirect (HTTP 302 to ${base}/internal); redirects are not followed`);
    expect(hits['/moved']).toBe(1);
    expect(hits['/internal']).toBeUndefined();
  });

  it('refuses an answer over the size cap with a clear error, and does not retry it', async () => {
    const call = createHttpToolCaller({ tools: [tool('huge', '/huge')], backoffMs: 1, transport: guarded({ maxBodyBytes: 1024 }) });
    await expect(call('huge', {}, new AbortController().signal)).rejects.toThrow('Tool "huge" failed: the answer is larger than 1 KB; larger answers are refused');
    expect(hits['/huge']).toBe(1);
  });

  it('reports a network failure in words, without internals', async () => {
    const call = createHttpToolCaller({ tools: [toolDefinitionSchema.parse({ name: 'down', server_url: 'http://127.0.0.1:9/down', retries: 0 })], ...noWait });
    await expect(call('down', {}, new AbortController().signal)).rejects.toThrow('Tool "down" failed: the connection was refused');
  });
});
