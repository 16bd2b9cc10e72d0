/**
 * ULIDs for public ids, their random part drawn from a pool of CSPRNG bytes. The `ulid`
 * package, given no generator, looks one up on every call and then asks
 * `crypto.getRandomValues` for one byte per character: sixteen calls into the crypto
 * binding per id, 5 % of the CPU of creating a session (its outbox event id). The bytes
 * and their use are the same (a byte ÷ 256 per character); they are fetched 4 KB at a time.
 */
import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';

const pool = new Uint8Array(4096);
let next = pool.length;

function pooledRandom(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const byte = pool[next] as number;
  next += 1;
  return byte / 256;
}

/** A ULID for `time` (ms since the epoch; now when left out). */
export function newUlid(time?: number): string {
  return ulid(time, pooledRandom);
}
