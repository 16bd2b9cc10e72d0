/**
 * One-time links that set a user's password: `<public url>/console/set-password?token=…`,
 * valid 72 hours, single use. The first admin gets one at first start, `parley users
 * create` prints one, and an admin's invite answers with one. Redeeming it signs the user
 * in and ends their other sessions.
 */
import type { Clock } from '../clock.ts';
import { DomainError } from '../errors.ts';
import type { PasswordTokenPurpose, PasswordTokensRepo } from '../storage/password-tokens-repo.ts';
import type { UserRecord, UsersRepo } from '../storage/users-repo.ts';
import type { SignedIn } from './actor.ts';
import { hashSecret } from './api-key.ts';
import type { ConsoleSessions } from './console-sessions.ts';
import { newOpaqueToken, OPAQUE_TOKEN_PATTERN } from './opaque-token.ts';
import type { PasswordHasher } from './password-hash.ts';

export const LINK_LIFETIME_MS = 72 * 60 * 60_000;

export interface SetPasswordLinksPorts {
  tokens: Pick<PasswordTokensRepo, 'insert' | 'usableBy' | 'redeem'>;
  users: Pick<UsersRepo, 'get' | 'recordSignIn'>;
  hasher: PasswordHasher;
  sessions: Pick<ConsoleSessions, 'start'>;
}

const invalidToken = () => new DomainError('invalid_token', 'This set-password link is unknown, already used or expired: ask an admin for a new one.');

/** The console page a link opens. */
export function setPasswordUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/console/set-password?token=${token}`;
}

export type SetPasswordLinks = ReturnType<typeof createSetPasswordLinks>;

export function createSetPasswordLinks(ports: SetPasswordLinksPorts, options: { clock: Clock; publicUrl: () => string }) {
  const { clock } = options;
  return {
    /** A new link for the user; earlier ones stay valid until used or expired. */
    async issue(user: Pick<UserRecord, 'id'>, purpose: PasswordTokenPurpose): Promise<string> {
      const token = newOpaqueToken();
      const now = clock.now();
      await ports.tokens.insert({
        tokenHash: hashSecret(token),
        userId: user.id,
        purpose,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + LINK_LIFETIME_MS).toISOString(),
      });
      return setPasswordUrl(options.publicUrl(), token);
    },

    /** Sets the password the link is for and signs its user in; the link is spent. */
    async redeem(token: string, password: string): Promise<SignedIn> {
      if (!OPAQUE_TOKEN_PATTERN.test(token)) throw invalidToken();
      const tokenHash = hashSecret(token);
      // Checked before hashing: a made-up token must not cost a password hash.
      if ((await ports.tokens.usableBy(tokenHash, new Date(clock.now()).toISOString())) === undefined) throw invalidToken();
      const passwordHash = await ports.hasher.hash(password);
      const userId = await ports.tokens.redeem(tokenHash, passwordHash, new Date(clock.now()).toISOString());
      const user = userId === undefined ? undefined : await ports.users.get(userId);
      if (!user) throw invalidToken();
      await ports.users.recordSignIn(user.id);
      return ports.sessions.start(user);
    },
  };
}
