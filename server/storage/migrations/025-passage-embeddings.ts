import type { Kysely, Migration } from 'kysely';

/**
 * Vectors of knowledge passages (issue #17 item 3): `knowledge_passages.embedding` (019)
 * holds them; this names the model that made each one, because vectors of two models
 * cannot be compared (nor, often, are they of one length). A search scans the vectors of
 * its bases made by the configured model, hence the index. They go with their passage.
 */
export function passageEmbeddingsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('knowledge_passages').addColumn('embedding_model', 'text').execute();
      await db.schema.createIndex('knowledge_passages_vector_idx').on('knowledge_passages').columns(['knowledge_base_id', 'embedding_model']).execute();
    },
  };
}
