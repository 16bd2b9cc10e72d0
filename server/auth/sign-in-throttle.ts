/**
 * Failed sign-ins are throttled per account (the e-mail, in every workspace) and per
 * client address, in fixed windows counted in the database so every process agrees.
 *
 * An attempt is counted *before* its password is checked: a burst of parallel guesses
 * all count, instead of all passing a check made before any of them failed. A success
 * then clears the account's count and takes its own attempt back from the address's, so
 * only failures add up. Over the limit, the answer is 429 without looking at the password.
 */
import type { Clock } from '../clock.ts';
import { DomainError } from '../errors.ts';
import type { SignInAttemptsRepo } from '../storage/sign-in-attempts-repo.ts';
import { emailKey } from '../storage/users-repo.ts';

export interface AttemptLimit {
  /** Attempts allowed in one window. */
  attempts: number;
  windowMs: number;
}

export interface ThrottleLimits {
  perAccount: AttemptLimit;
  perAddress: AttemptLimit;
}

/**
 * Ten guesses per account per quarter hour make an online attack on a 10-character
 * password hopeless, yet a person mistyping has room; an office behind one address gets
 * fifty.
 */
export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = Object.freeze({
  perAccount: { attempts: 10, windowMs: 15 * 60_000 },
  perAddress: { attempts: 50, windowMs: 15 * 60_000 },
});

export interface Admission {
  /** The password was right: forget the account's failures, take this attempt back from the address. */
  succeeded(): Promise<void>;
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

export function createSignInThrottle(attempts: Pick<SignInAttemptsRepo, 'count' | 'forgive' | 'clear' | 'prune'>, options: { clock: Clock; limits?: ThrottleLimits }) {
  const { clock } = options;
  const limits = options.limits ?? DEFAULT_THROTTLE_LIMITS;
  const longestWindow = Math.max(limits.perAccount.windowMs, limits.perAddress.windowMs);

  /** Seconds until the window ends, when this attempt is over the limit. */
  async function count(key: string, limit: AttemptLimit, now: number): Promise<number | undefined> {
    const window = await attempts.count(key, new Date(now).toISOString(), new Date(now - limit.windowMs).toISOString());
    if (window.attempts <= limit.attempts) return undefined;
    return Math.max(1, Math.ceil((Date.parse(window.windowStartedAt) + limit.windowMs - now) / 1000));
  }

  return {
    /** Counts a sign-in attempt, or refuses it with 429 and Retry-After. */
    async admit(email: string, clientAddress: string): Promise<Admission> {
      const now = clock.now();
      await attempts.prune(new Date(now - longestWindow).toISOString());
      const account = `account:${emailKey(email)}`;
      const address = `ip:${clientAddress}`;
      const waits = [await count(account, limits.perAccount, now), await count(address, limits.perAddress, now)].filter((s) => s !== undefined);
      if (waits.length > 0) {
        const seconds = Math.max(...waits);
        throw new DomainError('too_many_attempts', `Too many failed sign-ins for this account or from this address: try again in ${Math.ceil(seconds / 60)} minute(s).`, {
          'Retry-After': String(seconds),
        });
      }
      return {
        async succeeded() {
          await attempts.clear(account);
          await attempts.forgive(address);
        },
      };
    },
  };
}
