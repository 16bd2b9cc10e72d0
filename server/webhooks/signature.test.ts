import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from './webhook-service.ts';
import { signatureHeader, signatureHeaders, verifySignature } from './signature.ts';

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

  describe('Standard Webhooks', () => {
    const now = Math.floor(Date.now() / 1000);
    const signed = (secrets: [string, ...string[]]) => signatureHeaders({ secrets, eventId: 'evt_01J0000000000000000000000', timestampSeconds: now, body });

    it("is accepted by the specification's own library with a secret Parley generates", () => {
      const secret = generateWebhookSecret();
      expect(new Webhook(secret).verify(body, signed([secret]))).toEqual(JSON.parse(body));
    });

    it("matches the specification's own signing, and names the event id and the timestamp", () => {
      const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      const headers = signed([secret]);
      expect(headers['webhook-id']).toBe('evt_01J0000000000000000000000');
      expect(headers['webhook-timestamp']).toBe(String(now));
      expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('evt_01J0000000000000000000000', new Date(now * 1000), body));
    });

    it('carries one signature per secret, so a receiver holding either verifies, and one holding neither does not', () => {
      const [current, previous, other] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
      const headers = signed([current, previous]);
      expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
      expect(new Webhook(current).verify(body, headers)).toBeTruthy();
      expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
      expect(() => new Webhook(other).verify(body, headers)).toThrow(/No matching signature/);
      expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow(/No matching signature/);
    });

    it('keeps the deprecated X-Parley-Signature, signed with the current secret', () => {
      const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
      const header = signed([current, previous])['x-parley-signature'];
      expect(verifySignature({ secret: current, header, body, nowSeconds: now })).toBe(true);
      expect(verifySignature({ secret: previous, header, body, nowSeconds: now })).toBe(false);
    });
  });
});
