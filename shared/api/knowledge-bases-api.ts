/**
 * Request and response shapes of `/v1/knowledge-bases` (issue #17): a workspace's bases,
 * their documents (added as JSON or uploaded), and the ranked search used to debug them.
 */
import { z } from 'zod';
import { patchSchemaOf } from '../patch-schema.ts';

/** The most a document's extracted text may hold; larger ones are refused with 413. */
export const MAX_DOCUMENT_CHARS = 500_000;
/** Bases per workspace and documents per base: bounds for listings and runaway scripts. */
export const MAX_KNOWLEDGE_BASES = 200;
export const MAX_DOCUMENTS_PER_BASE = 1000;

export const knowledgeBaseIdSchema = z.string().regex(/^kb_[0-9A-Z]{26}$/, 'must be kb_ + ULID');
export const documentIdSchema = z.string().regex(/^doc_[0-9A-Z]{26}$/, 'must be doc_ + ULID');

export const createKnowledgeBaseSchema = z
  .object({
    name: z.string().trim().min(1).max(200).describe('What the base is about'),
    description: z.string().max(2000).default('').describe('Notes for the team'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as en or fr')
      .default('en')
      .describe('The documents\' language: chooses the stemmer of the full-text search'),
  })
  .strict();
export type CreateKnowledgeBaseInput = z.infer<typeof createKnowledgeBaseSchema>;

export const updateKnowledgeBaseSchema = patchSchemaOf(createKnowledgeBaseSchema.pick({ name: true, description: true })).strict();

export const knowledgeBaseSchema = z.object({
  id: z.string().describe('kb_ + ULID'),
  name: z.string(),
  description: z.string(),
  language: z.string(),
  document_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type KnowledgeBaseResponse = z.infer<typeof knowledgeBaseSchema>;
export const knowledgeBaseListSchema = z.object({ data: z.array(knowledgeBaseSchema) });

export const documentFormatSchema = z.enum(['text', 'markdown', 'html', 'pdf']);
export type DocumentFormat = z.infer<typeof documentFormatSchema>;

/** Body of a JSON document: its text as it is (Markdown headings are kept as structure). */
export const documentInputSchema = z
  .object({
    title: z.string().trim().min(1).max(300).describe('Shown in citations'),
    content: z.string().min(1).max(MAX_DOCUMENT_CHARS).describe('The text; `#` headings split it into sections'),
    url: z.url({ protocol: /^https?$/ }).max(2000).optional().describe('Where readers find the original; shown in citations'),
  })
  .strict();
export type DocumentInput = z.infer<typeof documentInputSchema>;

export const documentStatusSchema = z.enum(['processing', 'ready', 'failed']);

export const knowledgeDocumentSchema = z.object({
  id: z.string().describe('doc_ + ULID'),
  knowledge_base_id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  format: documentFormatSchema,
  status: documentStatusSchema.describe('`processing` until its passages are searchable; `failed` says why in `failure_reason`'),
  failure_reason: z.string().nullable(),
  characters: z.number().int().describe('Length of the extracted text'),
  passage_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type KnowledgeDocumentResponse = z.infer<typeof knowledgeDocumentSchema>;
export const knowledgeDocumentListSchema = z.object({ data: z.array(knowledgeDocumentSchema) });
/** A single read also gives the extracted text. */
export const knowledgeDocumentDetailSchema = knowledgeDocumentSchema.extend({ content: z.string() });

export const knowledgeSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(1000).describe('What to look for, in plain words'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const rankedBySchema = z.object({
  rank: z.number().int().min(1).describe('1 is first'),
  score: z.number(),
});

export const knowledgeHitSchema = z.object({
  passage_id: z.number().int(),
  document_id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  heading_path: z.array(z.string()).describe('The headings the passage sits under, outermost first'),
  text: z.string(),
  score: z.number().describe('Higher is better; comparable within one answer only. In hybrid mode the fused score: the sum of 1 / (60 + rank) over the rankings that hold the passage'),
  full_text: rankedBySchema.nullable().describe('Its place in the full-text ranking (score: BM25 on SQLite, ts_rank_cd on Postgres); null when that ranking did not hold it'),
  vector: rankedBySchema.nullable().describe('Its place in the nearest-vector ranking (score: cosine similarity); null in full_text mode or when that ranking did not hold it'),
});
export type KnowledgeHit = z.infer<typeof knowledgeHitSchema>;
export const knowledgeSearchResultSchema = z.object({
  data: z.array(knowledgeHitSchema),
  mode: z.enum(['full_text', 'hybrid']).describe('`hybrid` when an embedding model ranks too'),
});
