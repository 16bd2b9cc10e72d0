import type { Kysely, Migration } from 'kysely';
import { ulid } from 'ulid';
import { inlineKnowledgeBaseName } from '../../../shared/knowledge-base-id.ts';

interface Tables {
  agents: { id: number; workspace_id: number; name: string; config: string };
  knowledge_bases: { id?: number; public_id: string; workspace_id: number; name: string; description: string; language: string; created_at: string; updated_at: string };
  knowledge_documents: {
    public_id: string;
    knowledge_base_id: number;
    title: string;
    url: string | null;
    format: string;
    content: string;
    status: string;
    failure_reason: string | null;
    passage_count: number;
    revision: number;
    lease_until: string | null;
    created_at: string;
    updated_at: string;
  };
}

function inlineDocuments(config: Record<string, unknown>): { title: string; content: string }[] {
  const docs = Array.isArray(config.knowledge) ? (config.knowledge as unknown[]) : [];
  return docs.flatMap((doc) => {
    if (doc === null || typeof doc !== 'object') return [];
    const { title, content } = doc as Record<string, unknown>;
    return typeof title === 'string' && typeof content === 'string' && content.trim() !== '' ? [{ title, content }] : [];
  });
}

/**
 * Agents' inline `knowledge` documents (issue #17) move into a knowledge base of the
 * agent's workspace, one base per agent, named after it; the agent then references it in
 * `knowledge_base_ids` and has no inline documents left. So there is one search for every
 * agent — the database's — and inline documents are cited like uploaded ones. The
 * documents are queued (`processing`): the ingestion queue cuts them into passages when
 * the server starts.
 */
export function inlineKnowledgeMigration(): Migration {
  return {
    async up(untyped: Kysely<unknown>) {
      const db = untyped as unknown as Kysely<Tables>;
      const now = new Date().toISOString();
      for (const agent of await db.selectFrom('agents').select(['id', 'workspace_id', 'name', 'config']).execute()) {
        const config = JSON.parse(agent.config) as Record<string, unknown>;
        const documents = inlineDocuments(config);
        if (documents.length === 0) continue;
        const ids = Array.isArray(config.knowledge_base_ids) ? (config.knowledge_base_ids as unknown[]) : [];
        const language = typeof config.language === 'string' ? config.language : 'en';
        const base = { public_id: `kb_${ulid()}`, workspace_id: agent.workspace_id, name: inlineKnowledgeBaseName(agent.name), description: 'Moved from the agent\'s inline knowledge', language, created_at: now, updated_at: now };
        const { id } = await db.insertInto('knowledge_bases').values(base).returning('id').executeTakeFirstOrThrow();
        for (const doc of documents) {
          await db
            .insertInto('knowledge_documents')
            .values({ public_id: `doc_${ulid()}`, knowledge_base_id: Number(id), title: doc.title, url: null, format: 'text', content: doc.content, status: 'processing', failure_reason: null, passage_count: 0, revision: 1, lease_until: null, created_at: now, updated_at: now })
            .execute();
        }
        ids.push(base.public_id);
        await db.updateTable('agents').set({ config: JSON.stringify({ ...config, knowledge_base_ids: ids, knowledge: [] }) }).where('id', '=', agent.id).execute();
      }
    },
  };
}
