/**
 * Which stored encoding of a file to send, from the request's `Accept-Encoding`
 * (RFC 9110 §12.5.3): the first of `preferred` the client accepts with a q-value above 0,
 * else `identity` (unless the client refused that too, which no browser does: it still
 * gets identity, the one representation every client can read).
 */
export type ContentCoding = 'br' | 'gzip';

/** Smallest first: brotli beats gzip by 10–20 % on JavaScript and CSS. */
const PREFERRED: readonly ContentCoding[] = ['br', 'gzip'];

/** Longer headers are not a browser's: read no further than this (a bound on work per request). */
const MAX_HEADER = 1024;

/**
 * @example
 * pickEncoding('gzip, deflate, br;q=0.9') // 'br'
 * pickEncoding('br;q=0, gzip')            // 'gzip'
 * pickEncoding(undefined)                 // 'identity'
 */
export function pickEncoding(header: string | undefined, available: readonly ContentCoding[] = PREFERRED): ContentCoding | 'identity' {
  if (!header) return 'identity';
  const quality = new Map<string, number>();
  for (const entry of header.slice(0, MAX_HEADER).split(',')) {
    const [name = '', ...params] = entry.split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    quality.set(name.trim().toLowerCase(), Number.isFinite(value) ? value : 0);
  }
  const wildcard = quality.get('*');
  for (const coding of PREFERRED) {
    if (!available.includes(coding)) continue;
    const q = quality.get(coding) ?? (coding === 'gzip' ? quality.get('x-gzip') : undefined) ?? wildcard ?? 0;
    if (q > 0) return coding;
  }
  return 'identity';
}
