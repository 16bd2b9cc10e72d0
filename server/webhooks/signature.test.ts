import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"event_id":"evt_1","event":"call.ended","data":{}}';

  it('is HMAC-SHA256 of "<timestamp>.<body>" with the secret, as a receiver recomputes it', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(secret, 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies within five minutes and refuses a changed body, another secret, an old timestamp or a malformed header', () => {
    const header = signatureHeader(secret, 1700000000, body);
    expect(verifySignature({ secret, header, body, nowSeconds: 1700000299 })).toBe(true);
    expect(verifySignature({ secret, header, body: `${body} `, nowSeconds: 1700000000 })).toBe(false);
    expect(verifySignature({ secret: 'whsec_other', header, body, nowSeconds: 1700000000 })).toBe(false);
    expect(verifySignature({ secret, header, body, nowSeconds: 1700000301 })).toBe(false);
    expect(verifySignature({ secret, header: header.replace('t=1700000000', 't=1700000001'), body, nowSeconds: 1700000000 })).toBe(false);
    for (const bad of [undefined, '', 'v1=abc', 't=1,v1=xyz']) expect(verifySignature({ secret, header: bad, body, nowSeconds: 1 })).toBe(false);
  });
});
