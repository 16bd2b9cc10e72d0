import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseAgentFile } from '../agents/agent-file.ts';
import { createAgentService } from '../agents/agent-service.ts';
import type { Config } from '../config.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { withRepositories } from './with-database.ts';

/** `parley agents import FILE [--workspace N]`: the CLI twin of `POST /v1/agents/import`. */
export async function runAgentsImport(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { workspace: { type: 'string' } }, allowPositionals: true, strict: true });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('Usage: parley agents import FILE [--workspace N]');
  if (values.workspace !== undefined && !/^[1-9]\d*$/.test(values.workspace)) throw new UsageError('--workspace must be a workspace number');
  const input = parseAgentFile(await readFile(file, 'utf8'), `http://${config.HOST}:${config.PORT}`);
  return withRepositories(config, async (repos) => {
    const workspace = values.workspace ? await repos.workspaces.get(Number(values.workspace)) : await repos.workspaces.first();
    if (!workspace) {
      io.err('Workspace not found (start the server once, or run `parley workspaces create`).');
      return 1;
    }
    const agent = await createAgentService({ agents: repos.agents }).create(workspace.id, input);
    io.out(`Imported "${agent.config.name}" as ${agent.publicId} (workspace ${workspace.id}${agent.publishedVersion ? `, version ${agent.publishedVersion} published` : ''}).`);
    return 0;
  });
}
