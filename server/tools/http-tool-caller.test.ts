import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolDefinitionSchema } from '../../shared/agent-schema.ts';
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
const noWait = { backoffMs: 1 };

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
});
