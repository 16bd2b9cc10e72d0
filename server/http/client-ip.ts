/**
 * The address a public request comes from, the key of its rate-limit bucket. Behind a
 * reverse proxy every socket is the proxy's, so `X-Forwarded-For` is read — but only as
 * far as the operator trusts it (`PARLEY_TRUST_PROXY`): each trusted proxy appends the
 * address it received the request from, and anything to the left of those entries was
 * written by the client and may be forged.
 */
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './app-env.ts';

export type ClientIp = (c: Context<AppEnv>) => string;

/** `0`/`false` (trust no proxy), `1`/`true` (one), or how many proxies stand in front. */
export const trustProxySchema = z
  .string()
  .trim()
  .regex(/^(true|false|\d{1,2})$/, 'must be 0 or false (no proxy), 1 or true (one proxy), or the number of proxies in front')
  .transform((text) => (text === 'true' ? 1 : text === 'false' ? 0 : Number(text)));

function socketAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'in-process';
  }
}

/**
 * @example
 * // Behind one proxy: "X-Forwarded-For: forged, 203.0.113.7" is 203.0.113.7.
 * const clientIp = createClientIp({ trustedHops: 1 });
 */
export function createClientIp(options: { trustedHops: number }): ClientIp {
  const hops = options.trustedHops;
  return (c) => {
    const socket = socketAddress(c);
    const forwarded = hops > 0 ? c.req.header('x-forwarded-for') : undefined;
    if (!forwarded) return socket;
    const chain = forwarded.split(',').map((entry) => entry.trim()).filter(Boolean);
    // Fewer entries than proxies: the request skipped the outer ones; the leftmost is the best left.
    const client = chain[Math.max(0, chain.length - hops)];
    return client !== undefined && isIP(client) ? client : socket;
  };
}
