/** How agents and `llm` nodes name a knowledge base. */
import { z } from 'zod';

/** A knowledge base's id: `kb_` + ULID. */
export const knowledgeBaseIdSchema = z.string().regex(/^kb_[0-9A-Z]{26}$/, 'a knowledge base id (kb_…)');

/** The most knowledge bases one agent searches: each is one more term of the one search query. */
export const MAX_AGENT_KNOWLEDGE_BASES = 20;

/**
 * The name of the base an agent's inline `knowledge` documents are moved into.
 * @example inlineKnowledgeBaseName('Claims') // 'Claims: inline knowledge'
 */
export function inlineKnowledgeBaseName(agentName: string): string {
  return `${agentName.slice(0, 180)}: inline knowledge`;
}
