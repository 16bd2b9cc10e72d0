#!/usr/bin/env node
// A webhook receiver for trying Parley's webhooks on your own machine: it prints one line
// per delivery (the event, its call, and whether the signature checks out) and answers
// 204. Parley refuses private and loopback webhook URLs unless it runs with
// PARLEY_ALLOW_PRIVATE_WEBHOOKS=1 (see the README, "Webhooks").
//
//   node demo/webhook-receiver.mjs [--listen http://127.0.0.1:8788] [--secret whsec_…] [--count N]
//
// --secret checks each delivery's webhook-signature; --count stops after N deliveries.
// The verification below is the one the README shows: copy it into your own receiver.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createHmac, timingSafeEqual } from 'node:crypto';

// Standard Webhooks (any of its libraries verifies the same way). rawBody: the body exactly
// as received, before any JSON parsing; headers: Node's request headers (lower-case names).
export function verifyParley(rawBody, headers, secret, toleranceSeconds = 300) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  // Space-separated `v1,<base64>` signatures: two while a rotated secret's grace period lasts.
  return signatures.split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** One line for a delivery: `call.ended call_00000003 — signature valid`. */
function describeDelivery(rawBody, headers, secret) {
  let delivery;
  try {
    delivery = JSON.parse(rawBody);
  } catch {
    return `a body that is not JSON (${rawBody.length} bytes)`;
  }
  const subject = delivery.data?.call?.call_id ?? delivery.data?.call_id ?? delivery.data?.run?.id ?? delivery.event_id;
  const signature = secret === undefined ? 'not checked (no --secret)' : verifyParley(rawBody, headers, secret) ? 'valid' : 'INVALID';
  return `${delivery.event} ${subject} — signature ${signature}`;
}

function main() {
  const { values } = parseArgs({
    options: { listen: { type: 'string', default: 'http://127.0.0.1:8788' }, secret: { type: 'string' }, count: { type: 'string' } },
  });
  const address = new URL(values.listen);
  const count = values.count === undefined ? Infinity : Number(values.count);
  let received = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      console.log(describeDelivery(body, req.headers, values.secret));
      received += 1;
      res.writeHead(204).end();
      if (received >= count) {
        // After this answer has gone out: then stop, keep-alive connections included.
        res.once('finish', () => {
          server.close();
          server.closeAllConnections();
        });
      }
    });
  });
  server.listen(Number(address.port || 80), address.hostname, () => console.error(`Listening on ${address.origin}; deliveries are printed below.`));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
