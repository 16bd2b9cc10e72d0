/**
 * The agents API as the console uses it (`/v1/agents`, versions, publish, templates,
 * call counts), parsed with the shared schemas.
 */
import { z } from 'zod';
import type { CreateAgentInput } from '../../../shared/agent-schema.ts';
import { agentTemplateListSchema } from '../../../shared/api/agent-templates-api.ts';
import { agentListSchema, agentSchema, agentVersionListSchema, agentVersionSchema, type AgentResponse } from '../../../shared/api/agents-api.ts';
import { callSummarySchema } from '../../../shared/api/calls-api.ts';
import type { WorkflowDefinition } from '../../../shared/workflow-schema.ts';
import type { HttpClient } from './http-client.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function createAgentsClient(http: HttpClient) {
  const agentPath = (id: string) => `/v1/agents/${encodeURIComponent(id)}`;
  return {
    /** Every agent of the workspace, newest first (the API pages by 100). */
    async list(): Promise<AgentResponse[]> {
      const agents: AgentResponse[] = [];
      let after: string | null = null;
      // A workspace of thousands of agents is not what this list is for: 10 pages at most.
      for (let page = 0; page < 10; page++) {
        const answer: z.infer<typeof agentListSchema> = await http.get(`/v1/agents?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, agentListSchema);
        agents.push(...answer.agents);
        after = answer.next_cursor;
        if (!after) break;
      }
      return agents;
    },
    get: (id: string) => http.get(agentPath(id), agentSchema),
    create: (body: CreateAgentInput | Record<string, unknown>) => http.post('/v1/agents', body, agentSchema),
    importFile: (body: unknown) => http.post('/v1/agents/import', body, agentSchema),
    update: (id: string, patch: Record<string, unknown>) => http.patch(agentPath(id), patch, agentSchema),
    versions: async (id: string) => (await http.get(`${agentPath(id)}/versions`, agentVersionListSchema)).versions,
    saveDraft: (id: string, workflow: WorkflowDefinition | unknown) => http.put(`${agentPath(id)}/workflow`, workflow, agentVersionSchema),
    publish: (id: string, version: number) => http.post(`${agentPath(id)}/publish`, { version }, agentSchema),
    templates: async () => (await http.get('/v1/agent-templates', agentTemplateListSchema)).templates,
    /** Conversations with the agent since `days` days ago, every channel. */
    async conversationsSince(id: string, days: number, now = Date.now()): Promise<number> {
      const from = new Date(now - days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const summary = await http.get(`/v1/calls/summary?agent_id=${encodeURIComponent(id)}&from_date=${encodeURIComponent(from)}`, callSummarySchema);
      return summary.total_calls;
    },
  };
}

export type AgentsClient = ReturnType<typeof createAgentsClient>;
