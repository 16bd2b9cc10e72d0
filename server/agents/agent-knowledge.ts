/**
 * The knowledge bases an agent answers from: every id it names must be a base of its own
 * workspace (another workspace's reads as unknown), and inline `knowledge` documents
 * given on save are moved into a new base of the workspace (as migration 024 moved the
 * stored ones), so every agent is searched one way.
 */
import type { AgentConfig } from '../../shared/agent-schema.ts';
import { inlineKnowledgeBaseName, MAX_AGENT_KNOWLEDGE_BASES } from '../../shared/knowledge-base-id.ts';
import { badRequest } from '../errors.ts';

/** What the agent use cases need of knowledge bases. */
export interface AgentKnowledgePort {
  findBases(workspaceId: number, publicIds: readonly string[]): Promise<{ publicId: string }[]>;
  createBaseWith(
    workspaceId: number,
    input: { name: string; description: string; language: string },
    documents: { title: string; url: null; format: 'text'; content: string }[],
  ): Promise<{ publicId: string }>;
}

/**
 * Refuse ids that are not bases of the workspace.
 * @throws {DomainError} `invalid_request` (400) naming the first unknown id.
 */
export async function checkKnowledgeBases(port: AgentKnowledgePort, workspaceId: number, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set((await port.findBases(workspaceId, ids)).map((base) => base.publicId));
  const unknown = ids.find((id) => !found.has(id));
  if (unknown !== undefined) throw badRequest(`knowledge_base_ids: ${unknown} is not a knowledge base of this workspace`, 'invalid_request');
}

/**
 * Check the config's bases and move its inline documents into a new base. Nothing is
 * written when the check fails; call it after every other check of the change.
 */
export async function settleKnowledge(port: AgentKnowledgePort, workspaceId: number, config: AgentConfig): Promise<AgentConfig> {
  const ids = [...new Set(config.knowledge_base_ids)];
  await checkKnowledgeBases(port, workspaceId, ids);
  const documents = config.knowledge.filter((doc) => doc.content.trim() !== '');
  if (documents.length === 0) return { ...config, knowledge_base_ids: ids, knowledge: [] };
  if (ids.length >= MAX_AGENT_KNOWLEDGE_BASES) throw badRequest(`knowledge: an agent names at most ${MAX_AGENT_KNOWLEDGE_BASES} knowledge bases; its inline documents would be one more`, 'invalid_request');
  const base = await port.createBaseWith(
    workspaceId,
    { name: inlineKnowledgeBaseName(config.name), description: 'The agent\'s inline knowledge documents', language: config.language },
    documents.map((doc) => ({ title: doc.title, url: null, format: 'text' as const, content: doc.content })),
  );
  return { ...config, knowledge_base_ids: [...ids, base.publicId], knowledge: [] };
}
