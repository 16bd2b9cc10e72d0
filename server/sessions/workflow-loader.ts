/**
 * Finds the machine a session runs: the agent's version, compiled once and cached.
 * Per-session overrides (a test session's system prompt) and the workspace's LLM defaults
 * are part of the cache key.
 */
import { hash } from 'node:crypto';
import type { AgentConfig } from '../../shared/agent-schema.ts';
import type { WorkspaceSettings } from '../../shared/api/workspace-settings-api.ts';
import { notFound } from '../errors.ts';
import { compileWorkflow, type MachineCache, type WorkflowMachine } from '../runtime/compile-workflow.ts';
import type { AgentRuntimeConfig, KnowledgeBaseRef } from '../runtime/types.ts';
import type { AgentRecord, AgentsRepo } from '../storage/agents-repo.ts';

/** What a session may override of its agent (test sessions, agent tests). */
export interface AgentOverrides {
  system_prompt?: string;
  first_message?: string;
  language?: string;
}

/** What an agent that does not set an LLM setting uses instead (the workspace's settings); unset: the server's. */
export type LlmDefaults = WorkspaceSettings['llm'];

const NO_LLM_DEFAULTS: LlmDefaults = { model: null, temperature: null, max_tokens: null };

export function runtimeConfigOf(
  config: AgentConfig,
  overrides: AgentOverrides = {},
  defaults: LlmDefaults = NO_LLM_DEFAULTS,
  knowledgeBases: KnowledgeBaseRef[] = [],
): AgentRuntimeConfig {
  const firstMessage = overrides.first_message ?? config.first_message;
  const model = config.llm.model ?? defaults.model ?? undefined;
  const temperature = config.llm.temperature ?? defaults.temperature ?? undefined;
  const maxTokens = config.llm.max_tokens ?? defaults.max_tokens ?? undefined;
  return {
    systemPrompt: overrides.system_prompt ?? config.system_prompt,
    ...(firstMessage !== undefined ? { firstMessage } : {}),
    language: overrides.language ?? config.language,
    llm: {
      ...(model !== undefined ? { model } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
    },
    tools: config.tools,
    knowledgeBases,
  };
}

export type WorkflowLoader = ReturnType<typeof createWorkflowLoader>;

export interface WorkflowLoaderDeps {
  agents: AgentsRepo;
  machines: MachineCache;
  llmDefaults?: (workspaceId: number) => Promise<LlmDefaults>;
  /** The agent's knowledge bases by public id, of its workspace (a deleted one is left out). */
  knowledgeBases?: (workspaceId: number, publicIds: readonly string[]) => Promise<KnowledgeBaseRef[]>;
}

export function createWorkflowLoader(deps: WorkflowLoaderDeps) {
  // Resolved once per compiled machine: a turn only runs the search query itself.
  const basesOf = async (agent: AgentRecord): Promise<KnowledgeBaseRef[]> => {
    const ids = agent.config.knowledge_base_ids;
    if (ids.length === 0 || !deps.knowledgeBases) return [];
    const found = await deps.knowledgeBases(agent.workspaceId, ids);
    return found.map(({ id, publicId, language }) => ({ id, publicId, language }));
  };

  return {
    /** `startAt`: the machine that enters that node instead of the start (an operator's hand back). */
    async machineFor(agent: AgentRecord, version: number, overrides: AgentOverrides = {}, startAt?: string): Promise<WorkflowMachine> {
      const defaults = (await deps.llmDefaults?.(agent.workspaceId)) ?? NO_LLM_DEFAULTS;
      const overrideKey = hash('sha1', JSON.stringify([overrides, defaults]), 'hex');
      // The config is part of the key: a PATCH to the agent changes prompts without a new version.
      const configKey = agent.updatedAt;
      const key = `${agent.id}:${version}:${configKey}:${overrideKey}${startAt === undefined ? '' : `:at:${startAt}`}`;
      const cached = deps.machines.peek(key);
      if (cached) return cached;
      const stored = await deps.agents.version(agent.id, version);
      if (!stored) throw notFound(`Agent ${agent.publicId} has no version ${version}`);
      const bases = await basesOf(agent);
      return deps.machines.get(key, () => compileWorkflow(stored.workflow, runtimeConfigOf(agent.config, overrides, defaults, bases), { startAt }));
    },
  };
}
