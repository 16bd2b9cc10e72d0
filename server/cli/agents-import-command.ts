import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseAgentFile } from '../agents/agent-file.ts';
import { createAgentService } from '../agents/agent-service.ts';
import { createKnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Config } from '../config.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { withRepositories } from './with-database.ts';

const USAGE = 'Usage: parley agents import FILE... [--workspace N]';

/** Why a file cannot be imported, in words: a missing file says so rather than ENOENT. */
function problemOf(error: unknown): string {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'no such file';
  if (error instanceof Error && 'code' in error && error.code === 'EISDIR') return 'is a directory, not an agent file';
  return error instanceof Error ? error.message : String(error);
}

/**
 * `parley agents import FILE... [--workspace N]`: the CLI twin of `POST /v1/agents/import`.
 * Several files (a shell-expanded glob) are all read and checked before any is imported,
 * so a broken one leaves nothing half-done that a re-run would duplicate.
 */
export async function runAgentsImport(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals: files } = parseArgs({ args, options: { workspace: { type: 'string' } }, allowPositionals: true, strict: true });
  if (files.length === 0) throw new UsageError(`${USAGE}\nName at least one agent JSON file (a glob such as agents/*.json works: the shell expands it).`);
  if (values.workspace !== undefined && !/^[1-9]\d*$/.test(values.workspace)) throw new UsageError('--workspace must be a workspace number');

  const checked = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, input: parseAgentFile(await readFile(file, 'utf8')) };
      } catch (error) {
        return { file, problem: problemOf(error) };
      }
    }),
  );
  const broken = checked.filter((entry) => entry.problem !== undefined);
  if (broken.length > 0) {
    for (const { file, problem } of broken) io.err(`${file}: ${problem}`);
    if (files.length > 1) io.err(`Nothing imported: ${broken.length} of ${files.length} files cannot be imported.`);
    return 1;
  }

  return withRepositories(config, async (repos) => {
    const workspace = values.workspace ? await repos.workspaces.get(Number(values.workspace)) : await repos.workspaces.first();
    if (!workspace) {
      io.err('Workspace not found (start the server once, or run `npx parley workspaces create`).');
      return 1;
    }
    // Inline documents are queued here; a running server's ingestion queue picks them up.
    const knowledge = createKnowledgeService({ bases: repos.knowledgeBases, search: repos.knowledgeSearch.fullText, wake: () => undefined, mode: 'full_text' });
    const agents = createAgentService({ agents: repos.agents, knowledge });
    for (const { input } of checked) {
      if (!input) continue;
      const agent = await agents.create(workspace.id, input);
      io.out(`Imported "${agent.config.name}" as ${agent.publicId} (workspace ${workspace.id}${agent.publishedVersion ? `, version ${agent.publishedVersion} published` : ''}).`);
    }
    return 0;
  });
}
