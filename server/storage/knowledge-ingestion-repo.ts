/**
 * The ingestion queue: documents `processing` are the queued work. A process claims one
 * with a lease (the UPDATE only takes a row still unclaimed or whose lease ran out, so of
 * racing processes one gets it), cuts it into passages and records them here in one
 * transaction — the old passages replaced, the document `ready` — unless the document was
 * replaced meanwhile (its revision moved on) or deleted. A process that died leaves a
 * lease that runs out, and the next poll of any process takes the document again: a
 * restart finishes the work.
 */
import { sql, type Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import { isPostgres } from './dialect-of.ts';
import { ensurePassageVectorIndex } from './passage-vector-index.ts';
import { signBitString } from './postgres-passage-bits.ts';
import type { Database } from './schema.ts';
import { textSearchConfig } from './text-search-config.ts';
import { vectorBytes } from './vector-bytes.ts';

export interface IngestionJob {
  documentId: number;
  knowledgeBaseId: number;
  revision: number;
  title: string;
  content: string;
  language: string;
}

export interface PassageToStore {
  headingPath: string[];
  text: string;
  hash: string;
  /** Unit length, with the model that made it. */
  embedding?: { model: string; vector: Float32Array } | undefined;
}

export type KnowledgeIngestionRepo = ReturnType<typeof createKnowledgeIngestionRepo>;

const INSERT_BATCH = 200;

export function createKnowledgeIngestionRepo(db: Kysely<Database>, clock: Clock) {
  const claimable = (now: string) =>
    db
      .selectFrom('knowledge_documents')
      .select('id')
      .where('status', '=', 'processing')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]));

  return {
    async anyClaimable(): Promise<boolean> {
      return (await claimable(isoNow(clock)).limit(1).executeTakeFirst()) !== undefined;
    },

    /** Take the oldest unclaimed (or abandoned) document with a lease of `leaseMs`. */
    async claimNext(leaseMs: number): Promise<IngestionJob | undefined> {
      const now = isoNow(clock);
      let next = claimable(now).orderBy('id').limit(1);
      if (isPostgres(db)) next = next.forUpdate().skipLocked();
      const claimed = await db
        .updateTable('knowledge_documents')
        .set({ lease_until: new Date(clock.now() + leaseMs).toISOString() })
        .where('id', '=', (eb) => eb.selectFrom(next.as('n')).select('n.id'))
        .where('status', '=', 'processing')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .returning(['id', 'knowledge_base_id', 'revision', 'title', 'content'])
        .executeTakeFirst();
      if (!claimed) return undefined;
      const base = await db.selectFrom('knowledge_bases').select('language').where('id', '=', claimed.knowledge_base_id).executeTakeFirstOrThrow();
      return { documentId: claimed.id, knowledgeBaseId: claimed.knowledge_base_id, revision: claimed.revision, title: claimed.title, content: claimed.content, language: base.language };
    },

    /** Renew the leases of documents still being ingested by this process. */
    async renewLeases(documentIds: number[], leaseMs: number): Promise<void> {
      if (documentIds.length === 0) return;
      await db.updateTable('knowledge_documents').set({ lease_until: new Date(clock.now() + leaseMs).toISOString() }).where('id', 'in', documentIds).where('status', '=', 'processing').execute();
    },

    /** Store the passages of the claimed revision and mark the document ready; false when it changed meanwhile. */
    async complete(job: IngestionJob, passages: readonly PassageToStore[]): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('knowledge_documents')
          .set({ status: 'ready', failure_reason: null, lease_until: null, passage_count: passages.length, updated_at: isoNow(clock) })
          .where('id', '=', job.documentId)
          .where('revision', '=', job.revision)
          .where('status', '=', 'processing')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return false;
        await trx.deleteFrom('knowledge_passages').where('document_id', '=', job.documentId).execute();
        // The vec0 table of each vector size must exist before its insert trigger can fill it.
        const postgres = isPostgres(trx);
        if (!postgres) for (const dimensions of new Set(passages.flatMap((p) => (p.embedding ? [p.embedding.vector.length] : [])))) await ensurePassageVectorIndex(trx, dimensions);
        for (let start = 0; start < passages.length; start += INSERT_BATCH) {
          const rows = passages.slice(start, start + INSERT_BATCH).map((passage, offset) => ({
            document_id: job.documentId,
            knowledge_base_id: job.knowledgeBaseId,
            position: start + offset,
            heading_path: JSON.stringify(passage.headingPath),
            text: passage.text,
            hash: passage.hash,
            embedding: passage.embedding ? vectorBytes(passage.embedding.vector) : null,
            embedding_model: passage.embedding?.model ?? null,
            // Postgres searches by these bits (migration 028); SQLite's triggers fill its vec0 tables.
            ...(postgres ? { embedding_bits: passage.embedding ? signBitString(passage.embedding.vector) : null } : {}),
          }));
          await trx.insertInto('knowledge_passages').values(rows).execute();
        }
        if (postgres) {
          // The title and headings weigh more than the body ('A' over the default 'D').
          const config = textSearchConfig(job.language);
          await sql`UPDATE knowledge_passages SET search_vector =
              setweight(to_tsvector(${config}::regconfig, ${job.title} || ' ' || heading_path), 'A') || to_tsvector(${config}::regconfig, text)
            WHERE document_id = ${job.documentId}`.execute(trx);
        }
        return true;
      });
    },

    /** The document cannot be ingested: `failed` with the reason, unless it changed meanwhile. */
    async fail(job: IngestionJob, reason: string): Promise<void> {
      await db
        .updateTable('knowledge_documents')
        .set({ status: 'failed', failure_reason: reason.slice(0, 1000), lease_until: null, updated_at: isoNow(clock) })
        .where('id', '=', job.documentId)
        .where('revision', '=', job.revision)
        .where('status', '=', 'processing')
        .execute();
    },
  };
}
