import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readError } from '../helpers/api-reads.ts';
import { addUser, cheapHasher, PASSWORD, signIn } from '../helpers/console-users.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const WINDOW_MS = 15 * 60_000;
const limits = { perAccount: { attempts: 3, windowMs: WINDOW_MS }, perAddress: { attempts: 5, windowMs: WINDOW_MS } };
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe.each(testDatabases())('sign-in throttling per account and per address, shared by two app instances, on $dialect', (target) => {
  const clock = manualClock('2026-05-01T09:00:00.000Z');
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const options = { clock, trustProxyHops: 1, auth: { hasher: cheapHasher(), throttleLimits: limits } };
    a = await createTestApp(target, options);
    b = await createTestApp(target, { ...options, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses an account after 3 failures in 15 minutes, even with the right password, until the window ends', async () => {
    const user = await addUser(a, 'locked@example.com', 'operator');
    for (let i = 0; i < 3; i++) expect((await signIn(a, user.email, 'wrong password', from(`198.51.100.${i + 1}`))).status).toBe(401);
    const refused = await signIn(a, user.email, PASSWORD, from('198.51.100.9'));
    expect(await readError(refused, 429)).toMatchObject({ code: 'too_many_attempts', message: expect.stringContaining('15 minute') });
    expect(refused.headers.get('retry-after')).toBe('900');
    clock.advance(10 * 60_000);
    const later = await signIn(a, user.email, PASSWORD, from('198.51.100.9'));
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('300');
    clock.advance(5 * 60_000);
    expect((await signIn(a, user.email, PASSWORD, from('198.51.100.9'))).status).toBe(200);
  });

  it('counts a burst of parallel guesses before checking any: only 3 of 8 get to try a password', async () => {
    const user = await addUser(a, 'burst@example.com', 'operator');
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(i % 2 === 0 ? a : b, user.email, `guess ${i} wrong`, from(`192.0.2.${100 + i}`))));
    expect(answers.map((res) => res.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
    clock.advance(WINDOW_MS);
  });

  it('forgets an account\'s failures when it signs in', async () => {
    const user = await addUser(a, 'forgiven@example.com', 'operator');
    for (let i = 0; i < 2; i++) expect((await signIn(a, user.email, 'wrong password', from('203.0.113.1'))).status).toBe(401);
    expect((await signIn(a, user.email, PASSWORD, from('203.0.113.1'))).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn(a, user.email, 'wrong password', from('203.0.113.1'))).status).toBe(401);
    expect((await signIn(a, user.email, PASSWORD, from('203.0.113.1'))).status).toBe(429);
    clock.advance(WINDOW_MS);
  });

  it('counts unknown e-mails like known ones, so the throttle does not tell which exist', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn(a, 'ghost@example.com', 'wrong password', from(`192.0.2.${i + 1}`))).status).toBe(401);
    expect((await readError(await signIn(a, 'ghost@example.com', 'wrong password', from('192.0.2.9')), 429)).code).toBe('too_many_attempts');
    clock.advance(WINDOW_MS);
  });

  it('refuses an address after 5 failures across accounts, while other addresses still sign in', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => addUser(a, `ip${n}@example.com`, 'operator')));
    for (const user of users.slice(0, 5)) expect((await signIn(a, user.email, 'wrong password', from('198.51.100.77'))).status).toBe(401);
    const refused = await signIn(a, users[5]?.email ?? '', PASSWORD, from('198.51.100.77'));
    expect((await readError(refused, 429)).code).toBe('too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBe(900);
    expect((await signIn(a, users[5]?.email ?? '', PASSWORD, from('198.51.100.78'))).status).toBe(200);
    clock.advance(WINDOW_MS);
  });

  it('does not count successful sign-ins against an address (an office behind one NAT)', async () => {
    const user = await addUser(a, 'busy@example.com', 'operator');
    for (let i = 0; i < 8; i++) expect((await signIn(a, user.email, PASSWORD, from('198.51.100.88'))).status).toBe(200);
  });

  it('shares the counts between two app instances on one database', async () => {
    const user = await addUser(a, 'shared@example.com', 'operator');
    expect((await signIn(a, user.email, 'wrong password', from('203.0.113.50'))).status).toBe(401);
    expect((await signIn(b, user.email, 'wrong password', from('203.0.113.51'))).status).toBe(401);
    expect((await signIn(a, user.email, 'wrong password', from('203.0.113.52'))).status).toBe(401);
    expect((await readError(await signIn(b, user.email, PASSWORD, from('203.0.113.53')), 429)).code).toBe('too_many_attempts');
    expect((await signIn(a, user.email, PASSWORD, from('203.0.113.53'))).status).toBe(429);
    clock.advance(WINDOW_MS);
    // And the address count, across instances.
    const others = await Promise.all([1, 2, 3, 4, 5].map((n) => addUser(b, `shared${n}@example.com`, 'operator')));
    for (const [i, other] of others.entries()) expect((await signIn(i % 2 === 0 ? a : b, other.email, 'wrong password', from('203.0.113.60'))).status).toBe(401);
    expect((await signIn(b, user.email, PASSWORD, from('203.0.113.60'))).status).toBe(429);
    expect((await signIn(b, user.email, PASSWORD, from('203.0.113.61'))).status).toBe(200);
  });
});
