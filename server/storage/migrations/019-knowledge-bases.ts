import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * Knowledge bases (issue #17): a workspace's bases, their documents (the extracted text,
 * a status, and a lease while a process ingests them: the queue is these rows) and the
 * passages cut from them, indexed for full-text search inside the database — an FTS5
 * table kept in step by triggers on SQLite (BM25, Porter stemmer), a `tsvector` column
 * with a GIN index on Postgres (its text-search configuration chosen per base's language).
 * `embedding` holds float32 vectors when an embedding model is configured.
 */
export function knowledgeBasesMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('knowledge_bases'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        /** BCP 47; picks the Postgres text-search configuration. */
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('knowledge_bases_workspace_idx').on('knowledge_bases').column('workspace_id').execute();

      await withIdColumn(db.schema.createTable('knowledge_documents'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('knowledge_base_id', 'integer', (c) => c.notNull().references('knowledge_bases.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('format', 'text', (c) => c.notNull())
        /** The extracted text, structure marked as Markdown headings. */
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('failure_reason', 'text')
        .addColumn('passage_count', 'integer', (c) => c.notNull())
        /** Bumped by every replace: an ingestion of an older revision is not recorded. */
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('knowledge_documents_base_idx').on('knowledge_documents').column('knowledge_base_id').execute();
      await db.schema.createIndex('knowledge_documents_queue_idx').on('knowledge_documents').columns(['status', 'lease_until']).execute();

      await withIdColumn(db.schema.createTable('knowledge_passages'), dialect)
        .addColumn('document_id', 'integer', (c) => c.notNull().references('knowledge_documents.id').onDelete('cascade'))
        .addColumn('knowledge_base_id', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        /** JSON array of the headings above the passage, outermost first. */
        .addColumn('heading_path', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        /** SHA-256 of the normalised text: the same passage is stored once per document, shown once per answer. */
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('embedding', dialect === 'postgres' ? 'bytea' : 'blob')
        .execute();
      await db.schema.createIndex('knowledge_passages_document_idx').on('knowledge_passages').column('document_id').execute();
      await db.schema.createIndex('knowledge_passages_base_idx').on('knowledge_passages').column('knowledge_base_id').execute();

      if (dialect === 'postgres') {
        await sql`ALTER TABLE knowledge_passages ADD COLUMN search_vector tsvector`.execute(db);
        await sql`CREATE INDEX knowledge_passages_search_idx ON knowledge_passages USING GIN (search_vector)`.execute(db);
        return;
      }
      // Contentless FTS5: the text lives once, in knowledge_passages; triggers keep the index in step.
      // The document's title is indexed with the headings: a question often names the subject.
      await sql`CREATE VIRTUAL TABLE knowledge_passages_fts USING fts5(headings, text, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
      await sql`CREATE TRIGGER knowledge_passages_fts_insert AFTER INSERT ON knowledge_passages BEGIN
        INSERT INTO knowledge_passages_fts (rowid, headings, text) VALUES (new.id, (SELECT title FROM knowledge_documents WHERE id = new.document_id) || ' ' || new.heading_path, new.text); END`.execute(db);
      await sql`CREATE TRIGGER knowledge_passages_fts_delete AFTER DELETE ON knowledge_passages BEGIN
        DELETE FROM knowledge_passages_fts WHERE rowid = old.id; END`.execute(db);
    },
  };
}
