import { describe, expect, it } from 'vitest';
import { createPasswordHasher, DEFAULT_SCRYPT_PARAMS } from './password-hash.ts';

describe('password hashing with scrypt', () => {
  it('hashes with the default parameters, salted, and verifies only the right password', async () => {
    const hasher = createPasswordHasher();
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(new RegExp(`^scrypt\\$${DEFAULT_SCRYPT_PARAMS.logN}\\$8\\$3\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(stored).not.toContain('correct horse battery');
    expect(await hasher.verify('correct horse battery', stored)).toBe(true);
    expect(await hasher.verify('correct horse batterY', stored)).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  }, 20_000);

  it('salts every hash, and reads hashes made with other parameters (to rehash them)', async () => {
    const cheap = createPasswordHasher({ logN: 10, r: 8, p: 1 });
    const [a, b] = [await cheap.hash('same password'), await cheap.hash('same password')];
    expect(a).not.toBe(b);
    const current = createPasswordHasher({ logN: 11, r: 8, p: 1 });
    expect(await current.verify('same password', a)).toBe(true);
    expect(current.needsRehash(a)).toBe(true);
  });

  it('treats text that is not one of its hashes as a wrong password, and compares Unicode in one form', async () => {
    const hasher = createPasswordHasher({ logN: 10, r: 8, p: 1 });
    for (const stored of ['', 'plain text', 'scrypt$99$8$1$abc$def', '$2b$10$abcdefghijklmnopqrstuv']) expect(await hasher.verify('x', stored)).toBe(false);
    const composed = await hasher.hash('caf\u00e9 au lait!');
    expect(await hasher.verify('cafe\u0301 au lait!', composed)).toBe(true);
    await expect(hasher.verifyNothing('anything')).resolves.toBeUndefined();
    expect(() => createPasswordHasher({ logN: 4, r: 8, p: 1 })).toThrow(/logN/);
  });
});
