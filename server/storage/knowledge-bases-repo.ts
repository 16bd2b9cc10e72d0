/**
 * Knowledge bases and their documents: made, listed, read, replaced and deleted per
 * workspace. Only persists; a document added or replaced is `processing` until the
 * ingestion queue (knowledge-ingestion-repo.ts) has stored its passages.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DocumentFormat } from '../../shared/api/knowledge-bases-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import type { KnowledgeBasesTable, KnowledgeDocumentsTable } from './knowledge-schema.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';

export interface KnowledgeBaseRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  name: string;
  description: string;
  language: string;
  documentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface KnowledgeDocumentRecord {
  id: number;
  publicId: string;
  knowledgeBaseId: number;
  title: string;
  url: string | null;
  format: DocumentFormat;
  status: 'processing' | 'ready' | 'failed';
  failureReason: string | null;
  characters: number;
  passageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentContent {
  title: string;
  url: string | null;
  format: DocumentFormat;
  content: string;
}

export type KnowledgeBasesRepo = ReturnType<typeof createKnowledgeBasesRepo>;

function toBase(row: Selectable<KnowledgeBasesTable> & { document_count: number | string | bigint | null }): KnowledgeBaseRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    language: row.language,
    documentCount: Number(row.document_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type DocumentRow = Omit<Selectable<KnowledgeDocumentsTable>, 'content'> & { characters: number | string };

export function toDocument(row: DocumentRow): KnowledgeDocumentRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    knowledgeBaseId: row.knowledge_base_id,
    title: row.title,
    url: row.url,
    format: row.format as DocumentFormat,
    status: row.status as KnowledgeDocumentRecord['status'],
    failureReason: row.failure_reason,
    characters: Number(row.characters),
    passageCount: row.passage_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createKnowledgeBasesRepo(db: Kysely<Database>, clock: Clock) {
  const bases = () =>
    db
      .selectFrom('knowledge_bases as b')
      .selectAll('b')
      .select((eb) => eb.selectFrom('knowledge_documents as d').select(eb.fn.countAll().as('n')).whereRef('d.knowledge_base_id', '=', 'b.id').as('document_count'));
  const documents = () =>
    db
      .selectFrom('knowledge_documents')
      .select(['id', 'public_id', 'knowledge_base_id', 'title', 'url', 'format', 'status', 'failure_reason', 'passage_count', 'revision', 'lease_until', 'created_at', 'updated_at'])
      .select((eb) => eb.fn<number>('length', ['content']).as('characters'));

  return {
    async createBase(workspaceId: number, input: { name: string; description: string; language: string }): Promise<KnowledgeBaseRecord> {
      const now = isoNow(clock);
      const row = await db
        .insertInto('knowledge_bases')
        .values({ public_id: `kb_${newUlid(clock.now())}`, workspace_id: workspaceId, ...input, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBase({ ...row, document_count: 0 });
    },

    async countBases(workspaceId: number): Promise<number> {
      const row = await db.selectFrom('knowledge_bases').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listBases(workspaceId: number, limit: number): Promise<KnowledgeBaseRecord[]> {
      return (await bases().where('b.workspace_id', '=', workspaceId).orderBy('b.id').limit(limit).execute()).map(toBase);
    },

    async findBase(workspaceId: number, publicId: string): Promise<KnowledgeBaseRecord | undefined> {
      const row = await bases().where('b.workspace_id', '=', workspaceId).where('b.public_id', '=', publicId).executeTakeFirst();
      return row ? toBase(row) : undefined;
    },

    /** The bases of `publicIds` that belong to the workspace (unknown ids are left out). */
    async findBases(workspaceId: number, publicIds: readonly string[]): Promise<KnowledgeBaseRecord[]> {
      if (publicIds.length === 0) return [];
      return (await bases().where('b.workspace_id', '=', workspaceId).where('b.public_id', 'in', publicIds).execute()).map(toBase);
    },

    async updateBase(id: number, changes: { name?: string | undefined; description?: string | undefined }): Promise<void> {
      const set = { ...(changes.name === undefined ? {} : { name: changes.name }), ...(changes.description === undefined ? {} : { description: changes.description }) };
      await db.updateTable('knowledge_bases').set({ ...set, updated_at: isoNow(clock) }).where('id', '=', id).execute();
    },

    /** Its documents and passages go with it (cascade). */
    async deleteBase(id: number): Promise<void> {
      await db.deleteFrom('knowledge_passages').where('knowledge_base_id', '=', id).execute();
      await db.deleteFrom('knowledge_bases').where('id', '=', id).execute();
    },

    async countDocuments(baseId: number): Promise<number> {
      const row = await db.selectFrom('knowledge_documents').select((eb) => eb.fn.countAll().as('n')).where('knowledge_base_id', '=', baseId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** A new document, queued for ingestion. */
    async addDocument(baseId: number, input: DocumentContent): Promise<KnowledgeDocumentRecord> {
      const now = isoNow(clock);
      const values = { public_id: `doc_${newUlid(clock.now())}`, knowledge_base_id: baseId, ...input, status: 'processing', failure_reason: null, passage_count: 0, revision: 1, lease_until: null, created_at: now, updated_at: now };
      const { id } = await db.insertInto('knowledge_documents').values(values).returning('id').executeTakeFirstOrThrow();
      return toDocument({ ...values, id, characters: input.content.length });
    },

    async listDocuments(baseId: number, limit: number): Promise<KnowledgeDocumentRecord[]> {
      return (await documents().where('knowledge_base_id', '=', baseId).orderBy('id').limit(limit).execute()).map(toDocument);
    },

    async findDocument(baseId: number, publicId: string): Promise<(KnowledgeDocumentRecord & { content: string }) | undefined> {
      const row = await documents().select('content').where('knowledge_base_id', '=', baseId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? { ...toDocument(row), content: row.content } : undefined;
    },

    /**
     * New content for a document: queued again under a new revision. Its old passages stay
     * searchable until the new ones replace them.
     */
    async replaceDocument(id: number, input: DocumentContent): Promise<void> {
      await db
        .updateTable('knowledge_documents')
        .set((eb) => ({ ...input, status: 'processing', failure_reason: null, lease_until: null, revision: eb('revision', '+', 1), updated_at: isoNow(clock) }))
        .where('id', '=', id)
        .execute();
    },

    async deleteDocument(id: number): Promise<void> {
      // The FTS triggers fire per passage row: delete them explicitly, not only by cascade.
      await db.deleteFrom('knowledge_passages').where('document_id', '=', id).execute();
      await db.deleteFrom('knowledge_documents').where('id', '=', id).execute();
    },
  };
}
