/**
 * Random secrets that stand for something stored (a console session, a set-password
 * link): 43 base62 characters, about 256 bits, so guessing one is hopeless. Only their
 * SHA-256 (`hashSecret`) is stored; a database leak does not hand out sessions.
 */
import { randomBase62 } from './api-key.ts';

export const OPAQUE_TOKEN_PATTERN = /^[0-9A-Za-z]{43}$/;

export function newOpaqueToken(): string {
  return randomBase62(43);
}
