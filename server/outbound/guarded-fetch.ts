/**
 * The one way Parley makes HTTP requests to tenant-supplied URLs (tools, webhooks): a
 * `fetch`-shaped request over node:http(s) that
 * - refuses private addresses (address-guard.ts) *at connect time*, through its own DNS
 *   lookup, so a host that looked public when saved cannot be re-pointed at an internal one
 *   (DNS rebinding); literal addresses, which skip the lookup, are checked before connecting;
 * - never follows redirects: a 3xx is handed back as it is, for the caller to report;
 * - reads at most `maxBodyBytes` of the answer, counting as it streams, and destroys the
 *   socket past that, so a huge or endless answer is never buffered;
 * - stops everything — connect, headers, body — when `init.signal` aborts.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, describeAddress, dnsResolver, isPrivateAddress, type HostResolver } from './address-guard.ts';
import { OutboundRefusal } from './outbound-refusal.ts';

export interface OutboundInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Accepted for `fetch` compatibility: redirects are never followed. */
  redirect?: 'manual';
}

/** The slice of `fetch` outbound callers use; the global `fetch` fits it. */
export type OutboundFetch = (url: string, init: OutboundInit) => Promise<Response>;

export interface GuardedFetchOptions {
  /** PARLEY_ALLOW_PRIVATE_TOOLS / _WEBHOOKS: reach private addresses too (local use, tests). The caps still apply. */
  allowPrivate: boolean;
  /** Who sends, for refusals: "tools" → "tools must reach a public host". */
  purpose: string;
  /** Largest answer body read, in bytes. */
  maxBodyBytes: number;
  /** Past the cap: `refuse` fails the request; `truncate` keeps the first bytes, as an excerpt. */
  overflow: 'refuse' | 'truncate';
  /** Host name → addresses; DNS by default. Tests inject a stub instead of real DNS. */
  resolve?: HostResolver | undefined;
}

/** 1 MB, the largest tool answer read by default. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

function guardedLookup(resolve: HostResolver, check: (host: string, address: string) => void): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => isIP(a) === options.family) : found;
        const first = wanted[0];
        if (first === undefined) throw new OutboundRefusal('unresolvable_host', `the host ${hostname} cannot be resolved`);
        for (const address of found) check(hostname, address);
        if (options.all) callback(null, wanted.map((address) => ({ address, family: isIP(address) })));
        else callback(null, first, isIP(first));
      })
      .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), '', 0));
  };
}

function readCapped(res: IncomingMessage, options: GuardedFetchOptions, refuse: () => OutboundRefusal): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      done();
    };
    const declared = Number(res.headers['content-length']);
    if (options.overflow === 'refuse' && declared > options.maxBodyBytes) {
      settle(() => reject(refuse()));
      res.destroy();
      return;
    }
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > options.maxBodyBytes) {
        if (options.overflow === 'truncate') {
          chunks.push(chunk.subarray(0, options.maxBodyBytes - size));
          settle(() => resolve(new Uint8Array(Buffer.concat(chunks))));
        } else {
          settle(() => reject(refuse()));
        }
        // Nothing more is read: the socket goes, whatever the other side still sends.
        res.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => settle(() => resolve(new Uint8Array(Buffer.concat(chunks)))));
    res.on('error', (error) => settle(() => reject(error)));
    res.on('close', () => settle(() => reject(new Error('the connection closed before the answer was complete'))));
  });
}

function toResponse(res: IncomingMessage, body: Uint8Array<ArrayBuffer>): Response {
  const status = res.statusCode ?? 0;
  // Response only takes 200–599, and no body with 204/205/304.
  const valid = status >= 200 && status <= 599;
  const bodyless = [204, 205, 304].includes(status);
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
    } catch {
      // A header Headers will not hold is not one a caller needs.
    }
  }
  return new Response(valid && !bodyless ? body : null, { status: valid ? status : 502, headers });
}

/**
 * Build the guarded fetch.
 * @example
 * const send = createGuardedFetch({ allowPrivate: false, purpose: 'tools', maxBodyBytes: 1 << 20, overflow: 'refuse' });
 * const res = await send('https://api.example.com/policy', { method: 'POST', headers, body, signal });
 */
export function createGuardedFetch(options: GuardedFetchOptions): OutboundFetch {
  const refusePrivate = (host: string, address: string) =>
    new OutboundRefusal(
      'private_address',
      host === address
        ? `the private address ${describeAddress(address)} is refused; ${options.purpose} must reach a public host`
        : `${host} resolves to the private address ${describeAddress(address)}; ${options.purpose} must reach a public host`,
    );
  const lookup = guardedLookup(options.resolve ?? dnsResolver, (host, address) => {
    if (!options.allowPrivate && isPrivateAddress(address)) throw refusePrivate(host, address);
  });
  const tooLarge = () => new OutboundRefusal('response_too_large', `the answer is larger than ${formatBytes(options.maxBodyBytes)}; larger answers are refused`);

  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new OutboundRefusal('unsupported_url', `only http and https URLs are called, not ${target.protocol}`));
      const host = bareHost(target.hostname);
      if (!options.allowPrivate && isIP(host) && isPrivateAddress(host)) return reject(refusePrivate(host, host));
      if (init.signal.aborted) return reject(init.signal.reason);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const headers = init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
      // An abort shows as the signal's reason, whichever stream noticed it first.
      const fail = (error: unknown) => reject(init.signal.aborted ? init.signal.reason : error);
      const req = send(target, { method: init.method, headers, lookup, signal: init.signal, agent: false }, (res) => {
        readCapped(res, options, tooLarge).then((body) => resolve(toResponse(res, body)), fail);
      });
      req.on('error', fail);
      req.end(init.body);
    });
}
