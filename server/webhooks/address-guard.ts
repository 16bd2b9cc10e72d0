/**
 * SSRF protection for webhook URLs: refuse hosts that are, or resolve to, loopback,
 * private, link-local, carrier-grade NAT, multicast or reserved addresses — unless
 * private targets are allowed (`PARLEY_ALLOW_PRIVATE_WEBHOOKS=1`, for local use and tests).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { badRequest } from '../errors.ts';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an address a webhook must not reach. IPv4-mapped IPv6 is judged as its IPv4. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(address, 'ipv6');
}

export type HostResolver = (hostname: string) => Promise<string[]>;

export const dnsResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** `[::1]` → `::1`: URL keeps IPv6 literals in brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export interface UrlGuardOptions {
  allowPrivate: boolean;
  resolve?: HostResolver;
}

export type UrlGuard = (url: string) => Promise<void>;

/**
 * A check run when a webhook is saved: a 400 naming the problem for a URL that cannot be
 * resolved or reaches a private address. Deliveries check again at connect time
 * (server/webhooks/guarded-fetch.ts), since DNS answers change.
 */
export function createUrlGuard(options: UrlGuardOptions): UrlGuard {
  const resolve = options.resolve ?? dnsResolver;
  return async (url) => {
    if (options.allowPrivate) return;
    const host = bareHost(new URL(url).hostname);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await resolve(host);
    } catch {
      throw badRequest(`url: the host ${host} cannot be resolved`, 'invalid_webhook_url');
    }
    if (addresses.length === 0) throw badRequest(`url: the host ${host} cannot be resolved`, 'invalid_webhook_url');
    const refused = addresses.find(isPrivateAddress);
    if (refused) {
      throw badRequest(`url: ${host} is a private or loopback address (${refused}); webhooks must reach a public host`, 'invalid_webhook_url');
    }
  };
}
