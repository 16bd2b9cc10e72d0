/**
 * `/v1/knowledge-bases` (issue #17): bases, their documents — sent as JSON `{title,
 * content, url?}` or uploaded as multipart (text, Markdown, HTML, PDF) — and the ranked
 * search that shows what an agent would be given. Documents answer 202: their passages
 * are stored by the ingestion queue, `status` says when they are searchable.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  createKnowledgeBaseSchema,
  documentIdSchema,
  documentInputSchema,
  knowledgeBaseIdSchema,
  knowledgeBaseListSchema,
  knowledgeBaseSchema,
  knowledgeDocumentDetailSchema,
  knowledgeDocumentListSchema,
  knowledgeDocumentSchema,
  knowledgeSearchQuerySchema,
  knowledgeSearchResultSchema,
  updateKnowledgeBaseSchema,
  type KnowledgeBaseResponse,
  type KnowledgeDocumentResponse,
} from '../../shared/api/knowledge-bases-api.ts';
import { DomainError } from '../errors.ts';
import { checkedText, extractDocument } from '../knowledge/extract-document.ts';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { DocumentContent, KnowledgeBaseRecord, KnowledgeDocumentRecord } from '../storage/knowledge-bases-repo.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, errorContent, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Knowledge bases'];
const security = apiKeySecurity;
const path = '/v1/knowledge-bases';
const baseParams = z.object({ id: knowledgeBaseIdSchema });
const documentParams = baseParams.extend({ document_id: documentIdSchema });

const uploadSchema = z.object({
  file: z.custom<File>((value) => value instanceof File, 'file must be an uploaded file').openapi({ type: 'string', format: 'binary' }),
  title: z.string().trim().min(1).max(300).optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
});
const documentBody = {
  content: { 'application/json': { schema: documentInputSchema }, 'multipart/form-data': { schema: uploadSchema } },
  description: 'JSON `{title, content, url?}`, or a multipart upload with a `file` (.txt, .md, .html, .pdf) and an optional `title` and `url`',
  // Either media type: each is validated by its own schema, the handler takes the one sent.
  required: false,
} as const;
const uploadErrors = {
  413: errorContent('The upload is over 10 MB or its text over 500,000 characters'),
  415: errorContent('Not JSON, nor an upload of text, Markdown, HTML or PDF'),
} as const;

const routes = {
  list: createRoute({ method: 'get', path, tags, security, summary: 'The workspace\'s knowledge bases', responses: { 200: jsonContent(knowledgeBaseListSchema, 'The bases'), ...commonErrors } }),
  create: createRoute({ method: 'post', path, tags, security, summary: 'Create a knowledge base', request: { body: jsonBody(createKnowledgeBaseSchema) },
    responses: { 201: jsonContent(knowledgeBaseSchema, 'The base'), ...commonErrors, ...conflictError } }),
  get: createRoute({ method: 'get', path: `${path}/{id}`, tags, security, summary: 'Read a knowledge base', request: { params: baseParams },
    responses: { 200: jsonContent(knowledgeBaseSchema, 'The base'), ...commonErrors } }),
  update: createRoute({ method: 'patch', path: `${path}/{id}`, tags, security, summary: 'Rename or describe a knowledge base', request: { params: baseParams, body: jsonBody(updateKnowledgeBaseSchema) },
    responses: { 200: jsonContent(knowledgeBaseSchema, 'The base'), ...commonErrors } }),
  remove: createRoute({ method: 'delete', path: `${path}/{id}`, tags, security, summary: 'Delete a knowledge base with its documents', request: { params: baseParams },
    responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
  listDocuments: createRoute({ method: 'get', path: `${path}/{id}/documents`, tags, security, summary: 'The base\'s documents and their status', request: { params: baseParams },
    responses: { 200: jsonContent(knowledgeDocumentListSchema, 'The documents'), ...commonErrors } }),
  addDocument: createRoute({ method: 'post', path: `${path}/{id}/documents`, tags, security, summary: 'Add a document: queued for ingestion, `processing` until searchable',
    request: { params: baseParams, body: documentBody }, responses: { 202: jsonContent(knowledgeDocumentSchema, 'The document, processing'), ...commonErrors, ...conflictError, ...uploadErrors } }),
  getDocument: createRoute({ method: 'get', path: `${path}/{id}/documents/{document_id}`, tags, security, summary: 'Read a document with its extracted text', request: { params: documentParams },
    responses: { 200: jsonContent(knowledgeDocumentDetailSchema, 'The document'), ...commonErrors } }),
  replaceDocument: createRoute({ method: 'put', path: `${path}/{id}/documents/{document_id}`, tags, security,
    summary: 'Replace a document\'s content: processed again; its old passages are searched until the new ones are stored',
    request: { params: documentParams, body: documentBody }, responses: { 202: jsonContent(knowledgeDocumentSchema, 'The document, processing'), ...commonErrors, ...uploadErrors } }),
  removeDocument: createRoute({ method: 'delete', path: `${path}/{id}/documents/{document_id}`, tags, security, summary: 'Delete a document and its passages', request: { params: documentParams },
    responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
  search: createRoute({ method: 'get', path: `${path}/{id}/search`, tags, security, summary: 'The passages an agent would be given for a question, ranked, with their scores (for debugging)',
    request: { params: baseParams, query: knowledgeSearchQuerySchema }, responses: { 200: jsonContent(knowledgeSearchResultSchema, 'Ranked passages'), ...commonErrors } }),
};

const presentBase = (base: KnowledgeBaseRecord): KnowledgeBaseResponse => ({
  id: base.publicId,
  name: base.name,
  description: base.description,
  language: base.language,
  document_count: base.documentCount,
  created_at: base.createdAt,
  updated_at: base.updatedAt,
});

const presentDocument = (baseId: string, document: KnowledgeDocumentRecord): KnowledgeDocumentResponse => ({
  id: document.publicId,
  knowledge_base_id: baseId,
  title: document.title,
  url: document.url,
  format: document.format,
  status: document.status,
  failure_reason: document.failureReason,
  characters: document.characters,
  passage_count: document.passageCount,
  created_at: document.createdAt,
  updated_at: document.updatedAt,
});

/** The document a request sends, as JSON or as an upload, extracted and checked; refusals before anything is stored. */
async function documentOf(valid: { json?: unknown; form?: unknown }, contentType: string | undefined): Promise<DocumentContent> {
  if (/^multipart\/form-data/i.test(contentType ?? '')) {
    const form = uploadSchema.parse(valid.form);
    const bytes = new Uint8Array(await form.file.arrayBuffer());
    const { format, content } = await extractDocument({ name: form.file.name, type: form.file.type, bytes });
    return { title: form.title ?? (form.file.name.replace(/\.[^.]*$/, '') || form.file.name), url: form.url ?? null, format, content };
  }
  if (!/^application\/json/i.test(contentType ?? '')) {
    throw new DomainError('unsupported_document_type', 'Send a document as JSON {title, content, url?} or as a multipart upload with a file');
  }
  const input = documentInputSchema.parse(valid.json);
  return { title: input.title, url: input.url ?? null, format: 'text', content: checkedText(input.content, input.title) };
}

export function createKnowledgeBasesRoutes(deps: { knowledge: KnowledgeService }) {
  const { knowledge } = deps;
  const app = createRouter();
  app.openapi(routes.list, async (c) => c.json({ data: (await knowledge.listBases(c.var.workspaceId)).map(presentBase) }, 200));
  app.openapi(routes.create, async (c) => c.json(presentBase(await knowledge.createBase(c.var.workspaceId, c.req.valid('json'))), 201));
  app.openapi(routes.get, async (c) => c.json(presentBase(await knowledge.requireBase(c.var.workspaceId, c.req.valid('param').id)), 200));
  app.openapi(routes.update, async (c) => c.json(presentBase(await knowledge.updateBase(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json'))), 200));
  app.openapi(routes.remove, async (c) => {
    await knowledge.deleteBase(c.var.workspaceId, c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(routes.listDocuments, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ data: (await knowledge.listDocuments(c.var.workspaceId, id)).map((d) => presentDocument(id, d)) }, 200);
  });
  app.openapi(routes.addDocument, async (c) => {
    const { id } = c.req.valid('param');
    const content = await documentOf({ json: c.req.valid('json'), form: c.req.valid('form') }, c.req.header('content-type'));
    return c.json(presentDocument(id, await knowledge.addDocument(c.var.workspaceId, id, content)), 202);
  });
  app.openapi(routes.getDocument, async (c) => {
    const { id, document_id } = c.req.valid('param');
    const document = await knowledge.getDocument(c.var.workspaceId, id, document_id);
    return c.json({ ...presentDocument(id, document), content: document.content }, 200);
  });
  app.openapi(routes.replaceDocument, async (c) => {
    const { id, document_id } = c.req.valid('param');
    // The base and document must exist before the upload is worth reading.
    await knowledge.getDocument(c.var.workspaceId, id, document_id);
    const content = await documentOf({ json: c.req.valid('json'), form: c.req.valid('form') }, c.req.header('content-type'));
    return c.json(presentDocument(id, await knowledge.replaceDocument(c.var.workspaceId, id, document_id, content)), 202);
  });
  app.openapi(routes.removeDocument, async (c) => {
    const { id, document_id } = c.req.valid('param');
    await knowledge.deleteDocument(c.var.workspaceId, id, document_id);
    return c.body(null, 204);
  });

  app.openapi(routes.search, async (c) => {
    const { id } = c.req.valid('param');
    const { q, limit } = c.req.valid('query');
    const hits = await knowledge.search(c.var.workspaceId, id, q, limit);
    return c.json({
      mode: knowledge.mode,
      data: hits.map((hit) => ({
        passage_id: hit.passageId, document_id: hit.documentId, title: hit.title, url: hit.url, heading_path: hit.headingPath, text: hit.text, score: hit.score,
        full_text: hit.fullText ?? null,
        vector: hit.vector ?? null,
      })),
    }, 200);
  });

  return app;
}
