import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { withRepositories } from './with-database.ts';

export function parseWorkspaceFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--workspace must be a workspace number, got "${value}"`);
  return Number(value);
}

/** `parley keys create [--workspace N]`: prints a new key once. */
export async function runKeysCreate(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { workspace: { type: 'string' }, name: { type: 'string' } }, strict: true });
  const requested = parseWorkspaceFlag(values.workspace);
  return withRepositories(config, async (repos) => {
    const workspace = requested === undefined ? await repos.workspaces.first() : await repos.workspaces.get(requested);
    if (!workspace) {
      io.err(requested === undefined ? 'No workspace yet: run `npx parley workspaces create` or start the server once.' : `Workspace ${requested} not found.`);
      return 1;
    }
    const key = await repos.apiKeys.create(workspace.id, values.name ?? 'cli');
    io.out(`API key for workspace ${workspace.id} (shown once):\n${key}`);
    return 0;
  });
}

/** `parley workspaces create [--name NAME]`: a new workspace and its first key. */
export async function runWorkspacesCreate(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' } }, strict: true });
  return withRepositories(config, async (repos) => {
    const workspace = await repos.workspaces.create(values.name ?? 'Workspace');
    const key = await repos.apiKeys.create(workspace.id, 'admin');
    io.out(`Workspace ${workspace.id} created. Its API key (shown once):\n${key}`);
    return 0;
  });
}
