/**
 * What admins do with people: invite by one-time link, change roles, remove. The
 * workspace always keeps an admin who can sign in (409 `last_admin`).
 */
import type { Role } from '../../shared/roles.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import type { AuditOf } from '../storage/audit-log-repo.ts';
import type { GuardedOutcome, UserRecord, UsersRepo } from '../storage/users-repo.ts';
import type { PasswordTokenPurpose } from '../storage/password-tokens-repo.ts';
import type { SetPasswordLinks } from './set-password-links.ts';

export interface UsersServicePorts {
  users: Pick<UsersRepo, 'create' | 'find' | 'list' | 'changeRole' | 'remove'>;
  links: Pick<SetPasswordLinks, 'issue'>;
}

function settle(outcome: GuardedOutcome): void {
  if (outcome === 'not_found') throw notFound('User not found');
  if (outcome === 'last_admin') throw new DomainError('last_admin', 'This is the last admin who can sign in: make another user admin first.');
}

export type UsersService = ReturnType<typeof createUsersService>;

export function createUsersService(ports: UsersServicePorts) {
  const { users } = ports;
  return {
    list: (workspaceId: number) => users.list(workspaceId),

    /** A new user without a password, and the link that sets it. */
    async invite(workspaceId: number, input: { email: string; role: Role }, purpose: PasswordTokenPurpose = 'invite', audit?: AuditOf<UserRecord>): Promise<{ user: UserRecord; setPasswordUrl: string }> {
      const user = await users.create(workspaceId, input, audit);
      if (!user) throw conflict(`The workspace already has a user with the e-mail ${input.email}`, 'user_exists');
      return { user, setPasswordUrl: await ports.links.issue(user, purpose) };
    },

    /** The role change and its audit entry (`audit`) commit together. */
    async changeRole(workspaceId: number, publicId: string, role: Role, audit?: AuditOf<UserRecord>): Promise<UserRecord> {
      settle(await users.changeRole(workspaceId, publicId, role, audit));
      const user = await users.find(workspaceId, publicId);
      if (!user) throw notFound('User not found');
      return user;
    },

    /** Removes the user; their console sessions end with them. */
    async remove(workspaceId: number, publicId: string, audit?: AuditOf<UserRecord>): Promise<void> {
      settle(await users.remove(workspaceId, publicId, audit));
    },
  };
}
