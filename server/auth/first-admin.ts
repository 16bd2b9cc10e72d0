/**
 * The way into a new installation's console: while no admin of the workspace can sign
 * in, every start prints a fresh one-time link that sets the first admin's password (the
 * admin is created, invited, the first time). Once an admin has a password — and the
 * last-admin rule keeps one from then on — nothing is printed; `parley users create`
 * makes further links.
 */
import type { UsersRepo } from '../storage/users-repo.ts';
import type { SetPasswordLinks } from './set-password-links.ts';

export interface FirstAdminPorts {
  users: Pick<UsersRepo, 'countActiveAdmins' | 'list' | 'create' | 'findByEmail'>;
  links: Pick<SetPasswordLinks, 'issue'>;
}

/** The first admin's e-mail and link, or `undefined` when an admin can already sign in. */
export async function firstAdminLink(ports: FirstAdminPorts, workspaceId: number, email: string): Promise<{ email: string; url: string } | undefined> {
  if ((await ports.users.countActiveAdmins(workspaceId)) > 0) return undefined;
  const invitedAdmin = (await ports.users.list(workspaceId)).find((user) => user.role === 'admin');
  // Another process starting at the same moment may have created it: then read theirs.
  const admin = invitedAdmin ?? (await ports.users.create(workspaceId, { email, role: 'admin' })) ?? (await ports.users.findByEmail(workspaceId, email));
  if (!admin || admin.role !== 'admin') throw new Error(`PARLEY_ADMIN_EMAIL ${email} names a user of the workspace who is not an admin: choose another e-mail`);
  return { email: admin.email, url: await ports.links.issue(admin, 'first_admin') };
}
