/**
 * Imports `demo/agents/*.json` into a workspace: done once, at the first start on an
 * empty database, so `npm start` shows working agents right away.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAgentFile } from '../agents/agent-file.ts';
import type { AgentService } from '../agents/agent-service.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import { repositoryPath } from '../repository-root.ts';

export async function importDemoAgents(deps: { agentService: AgentService; workspaceId: number; dir?: string }): Promise<AgentRecord[]> {
  const dir = deps.dir ?? repositoryPath('demo', 'agents');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const imported: AgentRecord[] = [];
  for (const file of files) {
    const input = parseAgentFile(await readFile(join(dir, file), 'utf8'));
    imported.push(await deps.agentService.create(deps.workspaceId, input));
  }
  return imported;
}
