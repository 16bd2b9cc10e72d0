/**
 * SSRF protection for every outbound request (tools and webhooks): which addresses a
 * tenant's URL must not reach — loopback, private, link-local (cloud metadata at
 * 169.254.169.254 and fd00:ec2::254 included), carrier-grade NAT, multicast, reserved —
 * judged on the address's bytes, with IPv4 embedded in IPv6 judged as IPv4.
 */
import { lookup } from 'node:dns/promises';
import { embeddedIpv4, formatIpv4, inPrefix, parseIpv4, parseIpv6 } from './ip-address.ts';

const network = (parse: (text: string) => Uint8Array | undefined) => (text: string, prefix: number) => {
  const bytes = parse(text);
  if (!bytes) throw new Error(`not a network: ${text}`);
  return { bytes, prefix };
};
const v4 = network(parseIpv4);
const v6 = network(parseIpv6);

const BLOCKED_V4 = [
  v4('0.0.0.0', 8),
  v4('10.0.0.0', 8),
  v4('100.64.0.0', 10),
  v4('127.0.0.0', 8),
  v4('169.254.0.0', 16),
  v4('172.16.0.0', 12),
  v4('192.0.0.0', 24),
  v4('192.0.2.0', 24),
  v4('192.88.99.0', 24),
  v4('192.168.0.0', 16),
  v4('198.18.0.0', 15),
  v4('198.51.100.0', 24),
  v4('203.0.113.0', 24),
  v4('224.0.0.0', 4),
  v4('240.0.0.0', 4),
];

// Ranges embedding IPv4 (::ffff:0:0/96, ::/96, 64:ff9b::/96, 2002::/16, Teredo) are judged
// by their IPv4 address instead; see ip-address.ts.
const BLOCKED_V6 = [
  v6('64:ff9b:1::', 48),
  v6('100::', 64),
  v6('2001:2::', 48),
  v6('2001:10::', 28),
  v6('2001:20::', 28),
  v6('2001:db8::', 32),
  v6('3fff::', 20),
  v6('5f00::', 16),
  v6('fc00::', 7),
  v6('fe80::', 10),
  v6('fec0::', 10),
  v6('ff00::', 8),
];

const blockedIpv4 = (bytes: Uint8Array): boolean => BLOCKED_V4.some((n) => inPrefix(bytes, n.bytes, n.prefix));

/**
 * True for an address an outbound request must not reach; also for text that is not an
 * address at all.
 * @example isPrivateAddress('::ffff:7f00:1') // true: 127.0.0.1
 */
export function isPrivateAddress(address: string): boolean {
  const ipv4 = parseIpv4(address);
  if (ipv4) return blockedIpv4(ipv4);
  const ipv6 = parseIpv6(address);
  if (!ipv6) return true;
  const embedded = embeddedIpv4(ipv6);
  if (embedded.length > 0) return embedded.some(blockedIpv4);
  return BLOCKED_V6.some((n) => inPrefix(ipv6, n.bytes, n.prefix));
}

/** The IPv4 address an IPv6 one stands for, for messages: `::ffff:7f00:1` → `127.0.0.1`. */
export function describeAddress(address: string): string {
  const ipv6 = parseIpv6(address);
  const first = ipv6 ? embeddedIpv4(ipv6)[0] : undefined;
  return first ? `${address} (${formatIpv4(first)})` : address;
}

/** Host name → addresses, as `dns.lookup` answers them. Tests inject their own. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const dnsResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** `[::1]` → `::1`: URL keeps IPv6 literals in brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
