/**
 * Signing in with e-mail and password. Wrong e-mail and wrong password answer the same
 * 401 after the same work (a decoy hash is checked when the e-mail has no account), so
 * the answer tells an attacker nothing about which accounts exist.
 */
import type { SignInRequest } from '../../shared/api/auth-api.ts';
import { DomainError } from '../errors.ts';
import type { UsersRepo } from '../storage/users-repo.ts';
import type { SignedIn } from './actor.ts';
import type { ConsoleSessions } from './console-sessions.ts';
import type { PasswordHasher } from './password-hash.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

export interface SignInPorts {
  users: Pick<UsersRepo, 'accountsOf' | 'recordSignIn'>;
  hasher: PasswordHasher;
  throttle: Pick<SignInThrottle, 'admit'>;
  sessions: Pick<ConsoleSessions, 'start'>;
}

export const invalidCredentials = () => new DomainError('invalid_credentials', 'Wrong e-mail or password.');

export function createSignIn(ports: SignInPorts) {
  return {
    /**
     * A new console session for the account the e-mail and password name. With accounts
     * in several workspaces, the first (oldest workspace) whose password matches wins,
     * unless `workspace_id` picks one.
     */
    async signIn(input: SignInRequest, clientAddress: string): Promise<SignedIn> {
      const admission = await ports.throttle.admit(input.email, clientAddress);
      const accounts = (await ports.users.accountsOf(input.email)).filter(
        (account) => account.passwordHash !== null && (input.workspace_id === undefined || account.workspaceId === input.workspace_id),
      );
      if (accounts.length === 0) await ports.hasher.verifyNothing(input.password);
      for (const account of accounts) {
        const stored = account.passwordHash ?? '';
        if (!(await ports.hasher.verify(input.password, stored))) continue;
        await admission.succeeded();
        await ports.users.recordSignIn(account.id, ports.hasher.needsRehash(stored) ? await ports.hasher.hash(input.password) : undefined);
        return ports.sessions.start(account);
      }
      throw invalidCredentials();
    },
  };
}
