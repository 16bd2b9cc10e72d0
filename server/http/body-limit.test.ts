import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { bodyLimit } from './body-limit.ts';

function app() {
  const hono = new Hono();
  hono.use('*', bodyLimit({ maxSize: 10, onError: () => { throw new HTTPException(413); } }));
  hono.post('/echo', async (c) => c.text(await c.req.text()));
  return hono;
}

const stream = (text: string) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

describe('the body limit', () => {
  it('refuses a body whose announced length is over the limit, and passes one under it', async () => {
    expect((await app().request('/echo', { method: 'POST', body: '12345678901', headers: { 'content-length': '11' } })).status).toBe(413);
    const small = await app().request('/echo', { method: 'POST', body: '1234567890', headers: { 'content-length': '10' } });
    expect(small.status).toBe(200);
    expect(await small.text()).toBe('1234567890');
  });

  it('counts a chunked body, or one that announces no length, as it is read', async () => {
    const chunked = await app().request('/echo', { method: 'POST', body: stream('12345678901'), headers: { 'transfer-encoding': 'chunked' }, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await app().request('/echo', { method: 'POST', body: '12345678901' })).status).toBe(413);
    const small = await app().request('/echo', { method: 'POST', body: stream('123'), headers: { 'transfer-encoding': 'chunked' }, duplex: 'half' } as RequestInit);
    expect(await small.text()).toBe('123');
  });
});
