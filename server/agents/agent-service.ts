/**
 * Agent use cases over the repository: every change that touches a workflow or the
 * tools it calls is validated by the runtime's compiler rules before anything is written.
 */
import type { AgentConfig, CreateAgentInput } from '../../shared/agent-schema.ts';
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { conflict, notFound } from '../errors.ts';
import { validateWorkflow } from '../runtime/validate-workflow.ts';
import type { AgentRecord, AgentsRepo, AgentVersionRecord } from '../storage/agents-repo.ts';
import type { AuditOf } from '../storage/audit-log-repo.ts';
import { checkKnowledgeBases, settleKnowledge, type AgentKnowledgePort } from './agent-knowledge.ts';

export type AgentService = ReturnType<typeof createAgentService>;

function toolNames(config: AgentConfig): Set<string> {
  return new Set(config.tools.map((tool) => tool.name));
}

/** Check a workflow against the agent's tools and knowledge bases. */
function validateFor(workflow: WorkflowDefinition, config: AgentConfig, checkPatterns = true): void {
  validateWorkflow(workflow, toolNames(config), { checkPatterns, knowledgeBaseIds: new Set(config.knowledge_base_ids) });
}

export function createAgentService(deps: { agents: AgentsRepo; knowledge: AgentKnowledgePort }) {
  const { agents } = deps;

  async function require(workspaceId: number, id: string): Promise<AgentRecord> {
    const agent = await agents.find(workspaceId, id);
    if (!agent) throw notFound('Agent not found');
    return agent;
  }

  return {
    require,

    /** Each change takes the audit entry (`audit`) it writes in its own transaction. */
    async create(workspaceId: number, input: CreateAgentInput, audit?: AuditOf<AgentRecord>): Promise<AgentRecord> {
      const { workflow, ...config } = input;
      // Inline documents become a base first: the workflow may not narrow to it, so check without it.
      if (workflow) validateFor(workflow, config);
      return agents.create(workspaceId, await settleKnowledge(deps.knowledge, workspaceId, config), workflow, audit);
    },

    /**
     * Change configuration; the published and latest workflows must still compile with it.
     * Their patterns were checked when they were saved and this change cannot affect them.
     */
    async update(workspaceId: number, id: string, patch: Partial<AgentConfig>, audit?: AuditOf<AgentRecord>): Promise<AgentRecord> {
      const agent = await require(workspaceId, id);
      const config: AgentConfig = { ...agent.config, ...patch };
      for (const version of new Set([agent.publishedVersion, agent.latestVersion])) {
        if (!version) continue;
        const stored = await agents.version(agent.id, version);
        if (stored) validateFor(stored.workflow, config, false);
      }
      return agents.updateConfig(agent, await settleKnowledge(deps.knowledge, workspaceId, config), audit);
    },

    async remove(workspaceId: number, id: string, audit?: AuditOf<AgentRecord>): Promise<void> {
      const agent = await require(workspaceId, id);
      await agents.softDelete(agent, audit && (() => audit(agent)));
    },

    async saveDraft(workspaceId: number, id: string, workflow: WorkflowDefinition, audit?: AuditOf<{ agent: AgentRecord; version: AgentVersionRecord }>): Promise<AgentVersionRecord> {
      const agent = await require(workspaceId, id);
      validateFor(workflow, agent.config);
      return agents.addDraft(agent, workflow, audit && ((version) => audit({ agent, version })));
    },

    /** Publish the given version, or the latest one; sessions started afterwards run it. */
    async publish(workspaceId: number, id: string, version?: number, audit?: AuditOf<AgentRecord>): Promise<AgentRecord> {
      const agent = await require(workspaceId, id);
      const target = version ?? agent.latestVersion;
      if (target === 0) throw conflict('This agent has no workflow version yet: PUT /v1/agents/{id}/workflow first', 'nothing_to_publish');
      if (target === agent.publishedVersion) throw conflict(`Version ${target} is already published`, 'already_published');
      const stored = await agents.version(agent.id, target);
      if (!stored) throw notFound(`Version ${target} not found`);
      validateFor(stored.workflow, agent.config);
      // A base named when the agent was saved may have been deleted since.
      await checkKnowledgeBases(deps.knowledge, workspaceId, agent.config.knowledge_base_ids);
      return agents.publish(agent, target, audit);
    },

    async published(agent: AgentRecord): Promise<AgentVersionRecord | undefined> {
      return agent.publishedVersion ? agents.version(agent.id, agent.publishedVersion) : undefined;
    },
  };
}
