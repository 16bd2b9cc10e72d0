/**
 * Imports `demo/agents/*.json` into a workspace: done once, at the first start on an
 * empty database, so `npm start` shows working agents right away.
 */
import type { AgentService } from '../agents/agent-service.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import { readAgentTemplates } from './agent-templates.ts';

export async function importDemoAgents(deps: { agentService: AgentService; workspaceId: number; dir?: string }): Promise<AgentRecord[]> {
  const templates = await readAgentTemplates(deps.dir ? { dir: deps.dir } : {});
  const imported: AgentRecord[] = [];
  // One after another: the newest agent is listed first, so the order of creation is the order of the files.
  for (const template of templates) imported.push(await deps.agentService.create(deps.workspaceId, template.agent));
  return imported;
}
