import { parseArgs } from 'node:util';
import { emailSchema, roleSchema } from '../../shared/api/auth-api.ts';
import { systemClock } from '../clock.ts';
import { composeAuth } from '../compose-auth.ts';
import type { Config } from '../config.ts';
import { DomainError } from '../errors.ts';
import { defaultPublicUrl } from '../public-url.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { parseWorkspaceFlag } from './keys-commands.ts';
import { withRepositories } from './with-database.ts';

/**
 * `parley users create --email E --role R [--workspace N]`: a user of the workspace and
 * the one-time link that sets their password (72 hours). The link names the server's
 * public URL (PARLEY_PUBLIC_URL, else http://HOST:PORT), as the running server would.
 */
export async function runUsersCreate(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' }, workspace: { type: 'string' } }, strict: true });
  const email = emailSchema.safeParse(values.email);
  if (!email.success) throw new UsageError(`--email is required and must be an e-mail address, got "${values.email ?? ''}"`);
  const role = roleSchema.safeParse(values.role);
  if (!role.success) throw new UsageError(`--role must be admin, builder or operator, got "${values.role ?? ''}"`);
  const requested = parseWorkspaceFlag(values.workspace);
  const publicUrl = config.PARLEY_PUBLIC_URL ?? defaultPublicUrl(config.HOST, config.PORT);
  return withRepositories(config, async (repos) => {
    const workspace = requested === undefined ? await repos.workspaces.first() : await repos.workspaces.get(requested);
    if (!workspace) {
      io.err(requested === undefined ? 'No workspace yet: run `parley workspaces create` or start the server once.' : `Workspace ${requested} not found.`);
      return 1;
    }
    const auth = composeAuth({ repos, clock: systemClock, publicUrl: () => publicUrl });
    try {
      const { user, setPasswordUrl } = await auth.users.invite(workspace.id, { email: email.data, role: role.data }, 'cli');
      io.out(`User ${user.email} (${user.role}) created in workspace ${workspace.id}. Open this link to set the password (single use, valid 72 hours):\n${setPasswordUrl}`);
      return 0;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'user_exists') {
        io.err(`${error.message}.`);
        return 1;
      }
      throw error;
    }
  });
}
