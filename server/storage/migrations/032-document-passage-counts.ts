import type { Kysely, Migration } from 'kysely';

/**
 * A full-text search first sums the searched bases' `passage_count` (whether it drops
 * common words depends on it: common-term-pruning.ts). SQLite keeps a row's columns in
 * order, and `passage_count` comes after the document's whole `content`: reading it walked
 * every document's overflow pages, 29 ms a search at 100 documents of 1,000 passages
 * (issue #17's retrieval turn). This index covers the sum, so the documents are not read.
 * It replaces the base index, whose prefix it is.
 */
export function documentPassageCountsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('knowledge_documents_base_passages_idx').on('knowledge_documents').columns(['knowledge_base_id', 'passage_count']).execute();
      await db.schema.dropIndex('knowledge_documents_base_idx').execute();
    },
  };
}
