/**
 * IP addresses as bytes, so every textual form of one address is judged alike: WHATWG URL
 * turns `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`, resolvers answer in either form, and
 * several IPv6 ranges carry an IPv4 address inside them (RFC 4291, 6052, 3056, 4380, 6145).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Dotted-quad IPv4 (as `net.isIPv4` accepts it) to its 4 bytes; undefined otherwise. */
export function parseIpv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split('.'), Number);
}

function parseGroups(part: string, last: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece.includes('.')) {
      // A dotted quad may only end the address.
      const quad = last && index === pieces.length - 1 ? parseIpv4(piece) : undefined;
      if (!quad) return undefined;
      groups.push(((quad[0] ?? 0) << 8) | (quad[1] ?? 0), ((quad[2] ?? 0) << 8) | (quad[3] ?? 0));
    } else {
      if (!/^[0-9a-f]{1,4}$/i.test(piece)) return undefined;
      groups.push(Number.parseInt(piece, 16));
    }
  }
  return groups;
}

/**
 * Any IPv6 text form (`::`, embedded dotted quad, hex groups) to its 16 bytes. A zone
 * (`fe80::1%eth0`) is refused: no outbound URL needs one.
 */
export function parseIpv6(text: string): Uint8Array | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const [first = '', second] = halves;
  const head = parseGroups(first, second === undefined);
  const tail = second === undefined ? [] : parseGroups(second, true);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (second === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(second === undefined ? 0 : missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[2 * index] = group >> 8;
    bytes[2 * index + 1] = group & 0xff;
  });
  return bytes;
}

/** True when `bytes` starts with the first `prefix` bits of `network` (same length). */
export function inPrefix(bytes: Uint8Array, network: Uint8Array, prefix: number): boolean {
  if (bytes.length !== network.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((network[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

const v6 = (text: string): Uint8Array => {
  const bytes = parseIpv6(text);
  if (!bytes) throw new Error(`not an IPv6 network: ${text}`);
  return bytes;
};

/** Where an IPv4 address sits inside an IPv6 range, and how to read it out. */
const EMBEDDINGS: { network: Uint8Array; prefix: number; read: (bytes: Uint8Array) => Uint8Array[] }[] = [
  // ::ffff:a.b.c.d, IPv4-mapped (also written ::ffff:7f00:1).
  { network: v6('::ffff:0:0'), prefix: 96, read: (b) => [b.slice(12, 16)] },
  // ::a.b.c.d, IPv4-compatible (deprecated); :: and ::1 read as 0.0.0.0 and 0.0.0.1, both refused.
  { network: v6('::'), prefix: 96, read: (b) => [b.slice(12, 16)] },
  // ::ffff:0:a.b.c.d, SIIT IPv4-translated.
  { network: v6('::ffff:0:0:0'), prefix: 96, read: (b) => [b.slice(12, 16)] },
  // 64:ff9b::a.b.c.d, NAT64 well-known prefix: DNS64 answers public hosts in this form.
  { network: v6('64:ff9b::'), prefix: 96, read: (b) => [b.slice(12, 16)] },
  // 2002:AABB:CCDD::/48, 6to4.
  { network: v6('2002::'), prefix: 16, read: (b) => [b.slice(2, 6)] },
  // Teredo: the server's address in clear, the client's inverted in the last 32 bits.
  { network: v6('2001::'), prefix: 32, read: (b) => [b.slice(4, 8), b.slice(12, 16).map((x) => x ^ 0xff)] },
];

/**
 * The IPv4 addresses an IPv6 address stands for — one, two for Teredo — or none when it
 * is in no range that embeds IPv4.
 * @example embeddedIpv4(parseIpv6('::ffff:7f00:1')!) // [Uint8Array [127, 0, 0, 1]]
 */
export function embeddedIpv4(bytes: Uint8Array): Uint8Array[] {
  const embedding = EMBEDDINGS.find((e) => inPrefix(bytes, e.network, e.prefix));
  return embedding ? embedding.read(bytes) : [];
}

export const formatIpv4 = (bytes: Uint8Array): string => Array.from(bytes).join('.');
