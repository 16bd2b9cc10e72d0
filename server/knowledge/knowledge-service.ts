/**
 * The knowledge-base use cases behind `/v1/knowledge-bases`: bases of a workspace, their
 * documents (queued for ingestion on every change) and the ranked search. Objects of
 * another workspace read as missing.
 */
import { MAX_DOCUMENTS_PER_BASE, MAX_KNOWLEDGE_BASES, type CreateKnowledgeBaseInput } from '../../shared/api/knowledge-bases-api.ts';
import { conflict, notFound } from '../errors.ts';
import type { DocumentContent, KnowledgeBaseRecord, KnowledgeBasesRepo, KnowledgeDocumentRecord } from '../storage/knowledge-bases-repo.ts';
import type { PassageHit } from '../storage/knowledge-search-repo.ts';

export interface KnowledgeServiceDeps {
  bases: KnowledgeBasesRepo;
  /** Ranks passages of the given bases (full-text, fused with vectors when configured). */
  search: (scope: { baseIds: readonly number[]; language: string }, query: string, limit: number) => Promise<PassageHit[]>;
  /** Documents were queued. */
  wake: () => void;
  /** `hybrid` when an embedding model ranks too. */
  mode: 'full_text' | 'hybrid';
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

export function createKnowledgeService(deps: KnowledgeServiceDeps) {
  const { bases } = deps;

  async function requireBase(workspaceId: number, publicId: string): Promise<KnowledgeBaseRecord> {
    const base = await bases.findBase(workspaceId, publicId);
    if (!base) throw notFound(`Knowledge base ${publicId} not found`);
    return base;
  }

  async function requireDocument(workspaceId: number, baseId: string, documentId: string) {
    const base = await requireBase(workspaceId, baseId);
    const document = await bases.findDocument(base.id, documentId);
    if (!document) throw notFound(`Document ${documentId} not found in ${baseId}`);
    return { base, document };
  }

  return {
    requireBase,
    mode: deps.mode,

    async createBase(workspaceId: number, input: CreateKnowledgeBaseInput): Promise<KnowledgeBaseRecord> {
      if ((await bases.countBases(workspaceId)) >= MAX_KNOWLEDGE_BASES) throw conflict(`A workspace holds at most ${MAX_KNOWLEDGE_BASES} knowledge bases`);
      return bases.createBase(workspaceId, input);
    },
    listBases: (workspaceId: number) => bases.listBases(workspaceId, MAX_KNOWLEDGE_BASES),
    /** The bases of `publicIds` in this workspace; unknown ids and other workspaces' bases are left out. */
    findBases: (workspaceId: number, publicIds: readonly string[]) => bases.findBases(workspaceId, publicIds),
    /** A new base holding `documents`, queued for ingestion (an agent's inline documents). */
    async createBaseWith(workspaceId: number, input: CreateKnowledgeBaseInput, documents: readonly DocumentContent[]): Promise<KnowledgeBaseRecord> {
      if ((await bases.countBases(workspaceId)) >= MAX_KNOWLEDGE_BASES) throw conflict(`A workspace holds at most ${MAX_KNOWLEDGE_BASES} knowledge bases`);
      const base = await bases.createBase(workspaceId, input);
      for (const document of documents) await bases.addDocument(base.id, document);
      deps.wake();
      return base;
    },
    async updateBase(workspaceId: number, publicId: string, changes: { name?: string | undefined; description?: string | undefined }): Promise<KnowledgeBaseRecord> {
      const base = await requireBase(workspaceId, publicId);
      await bases.updateBase(base.id, changes);
      return requireBase(workspaceId, publicId);
    },
    async deleteBase(workspaceId: number, publicId: string): Promise<void> {
      await bases.deleteBase((await requireBase(workspaceId, publicId)).id);
    },

    /** Queue a new document (its text already extracted and checked). */
    async addDocument(workspaceId: number, baseId: string, content: DocumentContent): Promise<KnowledgeDocumentRecord> {
      const base = await requireBase(workspaceId, baseId);
      if ((await bases.countDocuments(base.id)) >= MAX_DOCUMENTS_PER_BASE) throw conflict(`A knowledge base holds at most ${MAX_DOCUMENTS_PER_BASE} documents`);
      const document = await bases.addDocument(base.id, content);
      deps.wake();
      return document;
    },
    async listDocuments(workspaceId: number, baseId: string): Promise<KnowledgeDocumentRecord[]> {
      return bases.listDocuments((await requireBase(workspaceId, baseId)).id, MAX_DOCUMENTS_PER_BASE);
    },
    async getDocument(workspaceId: number, baseId: string, documentId: string) {
      return (await requireDocument(workspaceId, baseId, documentId)).document;
    },
    async replaceDocument(workspaceId: number, baseId: string, documentId: string, content: DocumentContent) {
      const { base, document } = await requireDocument(workspaceId, baseId, documentId);
      await bases.replaceDocument(document.id, content);
      deps.wake();
      const replaced = await bases.findDocument(base.id, documentId);
      if (!replaced) throw notFound(`Document ${documentId} not found in ${baseId}`);
      return replaced;
    },
    async deleteDocument(workspaceId: number, baseId: string, documentId: string): Promise<void> {
      await bases.deleteDocument((await requireDocument(workspaceId, baseId, documentId)).document.id);
    },

    async search(workspaceId: number, baseId: string, query: string, limit: number): Promise<PassageHit[]> {
      const base = await requireBase(workspaceId, baseId);
      return deps.search({ baseIds: [base.id], language: base.language }, query, limit);
    },
  };
}
