/** Kysely table types of knowledge bases (migration 019). */
import type { Generated } from 'kysely';

export interface KnowledgeBasesTable {
  id: Generated<number>;
  /** `kb_` + ULID. */
  public_id: string;
  workspace_id: number;
  name: string;
  description: string;
  /** BCP 47: the stemmer of the full-text search. */
  language: string;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeDocumentsTable {
  id: Generated<number>;
  /** `doc_` + ULID. */
  public_id: string;
  knowledge_base_id: number;
  title: string;
  url: string | null;
  format: string;
  /** The extracted text; Markdown headings mark its structure. */
  content: string;
  /** `processing` (queued or being ingested), `ready`, `failed`. */
  status: string;
  failure_reason: string | null;
  passage_count: number;
  revision: number;
  /** Until when the process ingesting it holds it; null while queued. */
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface KnowledgePassagesTable {
  id: Generated<number>;
  document_id: number;
  knowledge_base_id: number;
  position: number;
  /** JSON array of strings. */
  heading_path: string;
  text: string;
  hash: string;
  /** float32 little-endian, when an embedding model is configured. */
  embedding: Uint8Array | null;
  /** The model that made `embedding` (migration 025). */
  embedding_model: string | null;
  /**
   * Postgres only (migration 028): `embedding`'s rotated sign bits, a `bit varying`
   * (postgres-passage-bits.ts). SQLite has no such column (its bits live in vec0 tables): never name it there.
   */
  embedding_bits: string | null;
}
