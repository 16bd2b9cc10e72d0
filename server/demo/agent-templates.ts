/**
 * The agent templates: the demo agents' files (`demo/agents/*.json`), each named by its
 * file (`claims`). Their tools are demo tool paths (`/demo/api/…`), which every server
 * answers itself. The first start imports them all; the console offers them as "new
 * agent from a template".
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CreateAgentInput } from '../../shared/agent-schema.ts';
import { parseAgentFile } from '../agents/agent-file.ts';
import { repositoryPath } from '../repository-root.ts';

export interface AgentTemplate {
  /** The file's name without `.json`. */
  id: string;
  agent: CreateAgentInput;
}

/**
 * Every template, in file-name order.
 * @example await readAgentTemplates() // [{ id: 'claims', agent: {…} }, …]
 */
export async function readAgentTemplates(options: { dir?: string } = {}): Promise<AgentTemplate[]> {
  const dir = options.dir ?? repositoryPath('demo', 'agents');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({ id: basename(file, '.json'), agent: parseAgentFile(await readFile(join(dir, file), 'utf8')) })),
  );
}
