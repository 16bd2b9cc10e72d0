/**
 * Strong ETags for bodies served with `Cache-Control: public` (the widget bundle, the
 * published JSON Schemas), so a client revalidates with `If-None-Match` and gets a 304.
 */
import { createHash } from 'node:crypto';

/** A strong ETag: 27 base64url characters of the body's SHA-256. */
export function etagOf(body: Uint8Array | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether an `If-None-Match` header names `etag` (weakly or strongly) or is `*`.
 * @example isNotModified('W/"abc", "def"', '"abc"') // true
 */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  // Split and trimmed by hand: `/\s*,\s*/` re-scanned a run of spaces from each one, n² on a 16 KB header.
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((raw) => [etag, `W/${etag}`, '*'].includes(raw.trim()));
}
