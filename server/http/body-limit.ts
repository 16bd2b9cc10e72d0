/**
 * Refuses request bodies over `maxSize` bytes. A body that announces its length is
 * judged by that header alone (Node's HTTP parser holds the body to it): Hono's
 * `bodyLimit` first asks for `request.body`, which on @hono/node-server turns the light
 * request into a full web `Request` with a web stream — a twentieth of a chat turn's CPU.
 * Only a chunked body, whose length is known once read, goes through Hono's counting
 * reader.
 */
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

export function bodyLimit(options: { maxSize: number; onError: () => never }) {
  const counting = countingBodyLimit({ maxSize: options.maxSize, onError: options.onError });
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    const length = c.req.header('content-length');
    // No length and no chunks: HTTP/1.1 has no body to read.
    if (length !== undefined && Number(length) > options.maxSize) options.onError();
    if (length !== undefined || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // A body without either header (an in-process `app.request`): count it.
    return counting(c, next);
  });
}
