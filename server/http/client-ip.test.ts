import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.ts';
import { createClientIp, trustProxySchema } from './client-ip.ts';

async function ipOf(trustedHops: number, forwardedFor?: string): Promise<string> {
  const clientIp = createClientIp({ trustedHops });
  const app = new Hono<AppEnv>().get('/', (c) => c.text(clientIp(c)));
  const res = await app.request('/', forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } });
  return res.text();
}

describe('client IP', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    expect(await ipOf(0, '203.0.113.7')).toBe('in-process');
  });

  it('takes the address the one trusted proxy appended, not what the client wrote before it', async () => {
    expect(await ipOf(1, '203.0.113.7')).toBe('203.0.113.7');
    expect(await ipOf(1, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await ipOf(1, '2001:db8::1')).toBe('2001:db8::1');
  });

  it('counts back as many entries as there are trusted proxies', async () => {
    expect(await ipOf(2, '198.51.100.1, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
    expect(await ipOf(2, '203.0.113.7')).toBe('203.0.113.7');
  });

  it('falls back to the socket address when the header is missing or not an address', async () => {
    expect(await ipOf(1)).toBe('in-process');
    expect(await ipOf(1, 'not-an-ip')).toBe('in-process');
    expect(await ipOf(1, ' , ')).toBe('in-process');
  });

  it('reads PARLEY_TRUST_PROXY as false/true or a number of proxies, and refuses anything else', () => {
    expect(['0', 'false', '1', 'true', '2'].map((v) => trustProxySchema.parse(v))).toEqual([0, 0, 1, 1, 2]);
    for (const bad of ['yes', '-1', '10.0.0.0/8', '']) expect(trustProxySchema.safeParse(bad).success, bad).toBe(false);
  });
});
