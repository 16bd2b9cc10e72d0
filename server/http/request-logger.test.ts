import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { requestLogger } from './request-logger.ts';

function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const app = new Hono<AppEnv>();
  app.use('*', requestLogger(logger));
  app.get('/things/:id', (c) => {
    c.get('logger').warn({ err: new Error('odd thing') }, 'request refused');
    return c.text('ok');
  });
  return { app, lines };
}

describe('requestLogger', () => {
  it("writes the request's id into its own lines and the closing request line, which names the route, not the URL", async () => {
    const { app, lines } = appLoggingAt('info');
    const res = await app.request('/things/secret-token', { headers: { 'x-request-id': 'req-1' } });
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, request_id: 'req-1', msg: 'request refused', err: { message: 'odd thing', type: 'Error' } });
    expect(lines[1]).toMatchObject({ level: 30, request_id: 'req-1', msg: 'request', method: 'GET', route: '/things/:id', status: 200 });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('gives each request an id of its own when the caller sends none, and writes no request line above info', async () => {
    const { app, lines } = appLoggingAt('warn');
    const [first, second] = await Promise.all([app.request('/things/1'), app.request('/things/2')]);
    const ids = [first?.headers.get('x-request-id'), second?.headers.get('x-request-id')];
    expect(new Set(ids).size).toBe(2);
    expect(lines.map((line) => line.msg)).toEqual(['request refused', 'request refused']);
    expect(lines.map((line) => line.request_id).sort()).toEqual([...ids].sort());
  });
});
