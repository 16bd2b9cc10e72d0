/**
 * The production sender of webhook deliveries: a `fetch`-shaped POST over node:http(s)
 * whose DNS lookup refuses private addresses *at connect time*, so a host that resolved to
 * a public address when the webhook was saved cannot be re-pointed at an internal one
 * (DNS rebinding). Redirects are not followed, and only the first 2 KB of an answer are read.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, isPrivateAddress } from './address-guard.ts';

/** The slice of `fetch` the delivery worker uses; the global `fetch` fits it. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' }) => Promise<Response>;

const MAX_BODY_BYTES = 2048;

class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
}

const refuse = (host: string, address: string) => new PrivateAddressError(`${host} resolves to the private address ${address}; webhooks must reach a public host`);

/** A lookup that answers like dns.lookup but fails for private addresses. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(refuse(hostname, refused.address), '', 0);
    const first = addresses[0];
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    if (options.all) return callback(null, addresses);
    return callback(null, first.address, first.family);
  });
};

function readExcerpt(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Enough to show what went wrong; a huge answer is not read to its end.
      if (size >= MAX_BODY_BYTES) response.destroy();
    });
    response.on('close', () => resolve(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8')));
  });
}

/**
 * POST `body` to `url` as `fetch` would, refusing private targets.
 * @example await guardedFetch('https://hooks.example/parley', { method: 'POST', headers, body, signal, redirect: 'manual' })
 */
export const guardedFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const host = bareHost(target.hostname);
    // Literal addresses never reach the lookup, so they are checked here.
    if (isIP(host) && isPrivateAddress(host)) return reject(refuse(host, host));
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: init.method, headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) }, lookup: publicOnlyLookup, signal: init.signal, agent: false }, (res) => {
      void readExcerpt(res).then((text) => {
        const status = res.statusCode ?? 0;
        // Response only takes 200–599, and no body with 204/205/304.
        const valid = status >= 200 && status <= 599;
        const bodyless = [204, 205, 304].includes(status);
        resolve(new Response(valid && !bodyless ? text : null, { status: valid ? status : 502 }));
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
