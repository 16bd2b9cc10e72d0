/**
 * Password hashing with scrypt from `node:crypto` (OpenSSL's implementation, built in,
 * maintained with Node): no native add-on to build or keep up to date.
 *
 * Parameters: N = 2^15, r = 8, p = 3 — one of the equivalent settings the OWASP Password
 * Storage Cheat Sheet lists for scrypt (as strong as N = 2^17, p = 1) at a quarter of the
 * memory: 128 · N · r = 32 MiB per hash instead of 128 MiB, which matters when several
 * sign-ins run at once on a small server. A hash takes roughly 0.2–0.4 s of one core.
 * The parameters are stored in every hash (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`), so
 * they can be raised later: `needsRehash` tells sign-in to store a fresh hash.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ logN: 15, r: 8, p: 3 });

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const ENCODED = /^scrypt\$(\d{1,2})\$(\d{1,3})\$(\d{1,3})\$([\w-]{16,64})\$([\w-]{32,128})$/;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a stored value that is not one of our hashes. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the time a verification takes, for an e-mail with no account: the answer's timing does not tell. */
  verifyNothing(password: string): Promise<void>;
  /** True when the hash was made with other parameters than the current ones. */
  needsRehash(stored: string): boolean;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // Node refuses more than 32 MiB by default; allow what these parameters need, with room.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 2 * 128 * N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

function decode(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const match = ENCODED.exec(stored);
  if (!match) return undefined;
  const [, logN, r, p, salt, hash] = match;
  return { params: { logN: Number(logN), r: Number(r), p: Number(p) }, salt: Buffer.from(salt ?? '', 'base64url'), hash: Buffer.from(hash ?? '', 'base64url') };
}

/**
 * @example
 * const hasher = createPasswordHasher();
 * const stored = await hasher.hash('correct horse battery');
 * await hasher.verify('correct horse battery', stored); // true
 */
export function createPasswordHasher(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): PasswordHasher {
  const current = Object.freeze({ ...params });
  if (!Number.isInteger(current.logN) || current.logN < 10 || current.logN > 20) throw new Error('scrypt logN must be an integer from 10 to 20');
  let decoy: Promise<string> | undefined;

  const hasher: PasswordHasher = {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, current);
      return `scrypt$${current.logN}$${current.r}$${current.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    },

    async verify(password, stored) {
      const decoded = decode(stored);
      if (!decoded) return false;
      const key = await derive(password, decoded.salt, decoded.params);
      return key.length === decoded.hash.length && timingSafeEqual(key, decoded.hash);
    },

    async verifyNothing(password) {
      decoy ??= hasher.hash('decoy password, never anyone\'s');
      await hasher.verify(password, await decoy);
    },

    needsRehash(stored) {
      const decoded = decode(stored);
      return !decoded || decoded.params.logN !== current.logN || decoded.params.r !== current.r || decoded.params.p !== current.p;
    },
  };
  return hasher;
}
