/**
 * Search over the passages of some knowledge bases, ranked inside the database.
 * Full text: FTS5's BM25 on SQLite (Porter stemmer), `ts_rank_cd` over the `tsvector` and
 * its GIN index on Postgres (the base's language's stemmer). Any query word may match
 * (OR): ranking, not the presence of every word, decides; on SQLite words held by a large
 * share of the searched bases' passages are left out while rarer ones remain
 * (`common-term-pruning.ts`), so a search scores the passages its telling words pick, not
 * most of the table; nor, when a bound shows they cannot reach the top, the passages that
 * hold only the commoner of those, nor past a budget the passages holding only mid-common
 * words of a question without a rare one (`fts-max-score.ts`). Nearest vectors of one model: on
 * SQLite the bit index of migration 026 (Hamming KNN in sqlite-vec `vec0` tables, the
 * candidates rescored by `vec_distance_cosine` on their float vectors); on Postgres the same
 * bits in a column (migration 028), ordered by `bit_count` of their XOR, the candidates
 * rescored here on their float32 vectors (no pgvector on the servers we test on). Passages repeated across documents are shown once.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-of.ts';
import { commonCutoff, keptTerms, prunesWords, type CountedTerm } from './common-term-pruning.ts';
import { ftsPhrase, maxScoreTopK, type RankedRow, type RankQuery } from './fts-max-score.ts';
import { fts5RowCount } from './fts5-row-count.ts';
import { generationReader } from './generation-counter.ts';
import { createFts5WordCounts } from './fts5-word-counts.ts';
import { createTermCountMemo } from './term-count-memo.ts';
import { ENGLISH_STOP_WORDS } from './english-stop-words.ts';
import type { Database } from './schema.ts';
import { queryTerms, textSearchConfig } from './text-search-config.ts';
import { hasPassageVectorIndex, passageVectorTable, SAMPLE_EVERY } from './passage-vector-index.ts';
import { bytesVector, vectorBytes } from './vector-bytes.ts';
import { signBitString } from './postgres-passage-bits.ts';
import { indexBitsFor, signBits } from './vector-sign-bits.ts';

/** A passage's place in one ranking: 1 is first. */
export interface RankedBy {
  rank: number;
  score: number;
}

export interface PassageHit {
  passageId: number;
  documentId: string;
  knowledgeBaseId: number;
  title: string;
  url: string | null;
  headingPath: string[];
  text: string;
  hash: string;
  /** Higher is better. */
  score: number;
  /** Where the full-text ranking put it, when it ranked it. */
  fullText?: RankedBy | undefined;
  /** Where the nearest-vector ranking put it (score: cosine similarity), when it ranked it. */
  vector?: RankedBy | undefined;
}

export interface SearchScope {
  baseIds: readonly number[];
  /** BCP 47, for the stemmer (Postgres). */
  language: string;
}

export interface VectorScope {
  baseIds: readonly number[];
  /** Only vectors this model made are compared. */
  model: string;
}

interface HitRow {
  id: number;
  knowledge_base_id: number;
  heading_path: string;
  text: string;
  hash: string;
  public_id: string;
  title: string;
  url: string | null;
  score: number | string;
}

export type KnowledgeSearchRepo = ReturnType<typeof createKnowledgeSearchRepo>;

function toHit(row: HitRow): PassageHit {
  return {
    passageId: row.id,
    documentId: row.public_id,
    knowledgeBaseId: Number(row.knowledge_base_id),
    title: row.title,
    url: row.url,
    headingPath: JSON.parse(row.heading_path) as string[],
    text: row.text,
    hash: row.hash,
    score: Number(row.score),
  };
}

/** Keep the best-ranked copy of each passage text. */
export function distinctPassages<T extends { hash: string }>(hits: readonly T[], limit: number): T[] {
  const seen = new Set<string>();
  return hits.filter((hit) => !seen.has(hit.hash) && seen.add(hit.hash)).slice(0, limit);
}

const HIT_COLUMNS = sql`p.id, p.knowledge_base_id, p.heading_path, p.text, p.hash, d.public_id, d.title, d.url`;

/**
 * The query's words, without English stop words (Postgres's `english` configuration drops
 * them too; SQLite's tokenizer does not) unless nothing else is left.
 */
export function searchTerms(query: string, language: string): string[] {
  const terms = queryTerms(query);
  if (textSearchConfig(language) !== 'english') return terms;
  const meaningful = terms.filter((term) => !ENGLISH_STOP_WORDS.has(term));
  return meaningful.length > 0 ? meaningful : terms;
}

/**
 * How many bit-index neighbours are rescored exactly for `limit` results: the Hamming
 * ranking only approximates the cosine one, so read it deep (bench: recall@10 against the
 * exact scan).
 */
export function nearestCandidates(limit: number): number {
  return Math.max(200, 8 * limit);
}


/** Cosine of two unit vectors of one length. */
function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** The sum of the bases' passage counts, read from an index alone (migration 032). */
export function searchedPassagesQuery(db: Kysely<Database>, baseIds: readonly number[]) {
  return db
    .selectFrom('knowledge_documents')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('passage_count'), sql<number>`0`).as('n'))
    .where('knowledge_base_id', 'in', baseIds);
}

export interface KnowledgeSearchOptions {
  /**
   * How many passages a full-text search past the pruning size may rank for its essential
   * words (`fts-max-score.ts`), given the table's row count; by default `SCORED_SHARE` of
   * them. `() => Infinity` always ranks the exact top k.
   */
  scoreBudget?: (tableRows: number) => number;
}

export function createKnowledgeSearchRepo(db: Kysely<Database>, options: KnowledgeSearchOptions = {}) {
  /** The passages the searched bases hold: whether the search drops common words depends on it. */
  async function searchedPassages(baseIds: readonly number[]): Promise<number> {
    const total = await searchedPassagesQuery(db, baseIds).executeTakeFirstOrThrow();
    return Number(total.n);
  }

  const termCounts = createTermCountMemo();
  const countWords = createFts5WordCounts(db);
  // Read only where words are counted, on SQLite (migration 033).
  const passageGeneration = generationReader(db, 'passage_generation');

  /**
   * How many passages of the whole table hold each term — the counts FTS5's BM25 takes its
   * IDF from, and what a word costs to rank (FTS5 reads its whole doclist, whatever bases
   * are searched): from the index's vocabulary, one seek a word (fts5-word-counts.ts); a
   * word that is not one token by counting MATCH rows up to the cutoff from which it is
   * common. Counts taken since the last passage was added or removed are not taken again
   * (term-count-memo.ts).
   */
  async function countTerms(terms: readonly string[], tableRows: number): Promise<CountedTerm[]> {
    const cutoff = commonCutoff(tableRows);
    const remembered = termCounts.at(await passageGeneration());
    const counted = new Map(terms.flatMap((term) => {
      const passages = remembered.get(term);
      return passages === undefined ? [] : [[term, passages] as const];
    }));
    const fromVocabulary = await countWords(terms.filter((term) => !counted.has(term)));
    const missing = terms.filter((term) => !counted.has(term) && !fromVocabulary.has(term));
    const fromMatches = new Map<string, number>();
    if (missing.length > 0) {
      const counts = missing.map(
        (term, i) => sql`SELECT ${i} AS i, (SELECT count(*) FROM (SELECT 1 FROM knowledge_passages_fts
          WHERE knowledge_passages_fts MATCH ${ftsPhrase(term)} LIMIT ${cutoff})) AS n`,
      );
      const { rows } = await sql<{ i: number; n: number }>`${sql.join(counts, sql` UNION ALL `)}`.execute(db);
      for (const row of rows) fromMatches.set(missing[row.i] ?? '', Number(row.n));
    }
    for (const [term, passages] of [...fromVocabulary, ...fromMatches]) {
      counted.set(term, passages);
      remembered.set(term, passages);
    }
    return terms.map((term) => ({ term, passages: counted.get(term) ?? 0 }));
  }

  /** FTS5 ranks the matches and filters them by base (an UNINDEXED column, migration 027), best first. */
  function rankIn(baseIds: readonly number[]): RankQuery {
    return async (match, limit) => {
      const { rows } = await sql<RankedRow>`SELECT rowid AS id, rank FROM knowledge_passages_fts
        WHERE knowledge_passages_fts MATCH ${match} AND knowledge_base_id IN (${sql.join(baseIds)})
        ORDER BY rank LIMIT ${limit}`.execute(db);
      return rows;
    };
  }

  /** The rows of the ranked passages, in their order: only the passages shown are read from knowledge_passages. */
  async function rankedHits(ranked: readonly RankedRow[]): Promise<HitRow[]> {
    if (ranked.length === 0) return [];
    const { rows } = await sql<HitRow>`SELECT ${HIT_COLUMNS}, 0 AS score FROM knowledge_passages p
      JOIN knowledge_documents d ON d.id = p.document_id WHERE p.id IN (${sql.join(ranked.map((r) => r.id))})`.execute(db);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return [...ranked].sort((a, b) => a.rank - b.rank || a.id - b.id).flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [{ ...row, score: -r.rank }] : [];
    });
  }

  async function sqliteSearch(terms: string[], baseIds: readonly number[], limit: number): Promise<HitRow[]> {
    const rank = rankIn(baseIds);
    const total = await searchedPassages(baseIds);
    if (!prunesWords(total)) return rankedHits(await rank(terms.map(ftsPhrase).join(' OR '), limit));
    const tableRows = await fts5RowCount(db, 'knowledge_passages_fts');
    // No averages record (nothing indexed yet): no row count to bound the scores by.
    if (tableRows === undefined) return rankedHits(await rank(terms.map(ftsPhrase).join(' OR '), limit));
    const counted = await countTerms(terms, tableRows);
    const kept = new Set(keptTerms(counted, tableRows));
    return rankedHits(await maxScoreTopK(rank, counted.filter((c) => kept.has(c.term)), tableRows, limit, options.scoreBudget?.(tableRows)));
  }

  async function postgresSearch(terms: string[], scope: SearchScope, limit: number): Promise<HitRow[]> {
    const config = textSearchConfig(scope.language);
    // Normalisation 1: divide by 1 + log(length), so long passages do not win by size alone.
    const { rows } = await sql<HitRow>`
      SELECT ${HIT_COLUMNS}, ts_rank_cd(p.search_vector, q, 1) AS score
      FROM knowledge_passages p
      JOIN knowledge_documents d ON d.id = p.document_id,
        to_tsquery(${config}::regconfig, ${terms.join(' | ')}) q
      WHERE p.knowledge_base_id IN (${sql.join(scope.baseIds)}) AND p.search_vector @@ q
      ORDER BY score DESC, p.id LIMIT ${limit}`.execute(db);
    return rows;
  }

  /** Every vector of the bases compared (vectors too long for a `bit[N]` index, over 8192 dimensions). */
  async function sqliteExactNearest(scope: VectorScope, query: Float32Array, limit: number): Promise<HitRow[]> {
    // The closest ids first, then their rows: the join is only paid for the few kept.
    const { rows } = await sql<HitRow>`
      SELECT ${HIT_COLUMNS}, 1 - n.distance AS score
      FROM (SELECT id, vec_distance_cosine(embedding, ${vectorBytes(query)}) AS distance FROM knowledge_passages
            WHERE knowledge_base_id IN (${sql.join(scope.baseIds)}) AND embedding_model = ${scope.model}
            ORDER BY distance LIMIT ${limit}) n
      JOIN knowledge_passages p ON p.id = n.id
      JOIN knowledge_documents d ON d.id = p.document_id
      ORDER BY n.distance, p.id`.execute(db);
    return rows;
  }

  /**
   * The ids of the `candidates` nearest bit vectors of one base's partition. sqlite-vec's
   * top-k costs a pass over each chunk of 1024 vectors per result (k = 400 over 100k vectors:
   * ~100 ms), but only per result that passes a `distance <=` bound, and each read of the
   * base is a full scan of its bits. So: one read of the sampled sixteenth's nearest
   * `candidates / 16` (a sixteenth of a scan), whose last distance, a few bits wider, bounds
   * one read of the whole base — about `candidates` pass it (measured at 100k passages,
   * 512 bits, 40 questions: 437–1,614 pass for 400, none short). Short of `candidates` (a
   * small base, an unlucky sample): the whole base unbounded. Either way the exact Hamming
   * top `candidates` (ties aside): a bound that admits that many admits the best.
   */
  async function bitNeighbours(table: string, baseId: number, model: string, query: Float32Array, candidates: number): Promise<number[]> {
    const bits = signBits(query);
    const knn = async (k: number, only = sql``) => {
      const { rows } = await sql<{ id: number; distance: number }>`SELECT rowid AS id, distance FROM ${sql.table(table)}
        WHERE bits MATCH vec_bit(${bits}) AND k = ${k} AND knowledge_base_id = ${baseId} AND model = ${model} ${only}`.execute(db);
      return rows;
    };
    const depth = Math.ceil(candidates / SAMPLE_EVERY);
    const sample = await knn(depth, sql`AND sampled = 1`);
    const last = sample.at(-1);
    if (sample.length === depth && last) {
      // The margin: 4 bits at 512 (bench: 3 of 40 questions fell short with 2 bits, none with 4).
      const rows = await knn(candidates, sql`AND distance <= ${last.distance + Math.max(1, (bits.byteLength * 8) / 128)}`);
      if (rows.length >= candidates) return rows.map((row) => row.id);
    }
    return (await knn(candidates)).map((row) => row.id);
  }

  /**
   * The bit index (passage-vector-index.ts): the `candidates` nearest by Hamming distance in
   * each base's partition, then exact cosines of just those on their float vectors.
   */
  async function sqliteNearest(scope: VectorScope, query: Float32Array, limit: number, candidates: number): Promise<HitRow[]> {
    const table = passageVectorTable(query.length);
    if (!table) return sqliteExactNearest(scope, query, limit);
    // No table: no vector of this size was ever stored.
    if (!(await hasPassageVectorIndex(db, query.length))) return [];
    // One KNN per base: a partition key is matched by `=` only.
    const ids = (await Promise.all(scope.baseIds.map((baseId) => bitNeighbours(table, baseId, scope.model, query, candidates)))).flat();
    if (ids.length === 0) return [];
    // Scored first on the vectors alone, then only the kept few joined to their text and
    // document; the ids go in as one JSON array, so the statement's text (and its prepared
    // statement) is the same whatever their number.
    const { rows } = await sql<HitRow>`
      SELECT ${HIT_COLUMNS}, n.score
      FROM (SELECT id, 1 - vec_distance_cosine(embedding, ${vectorBytes(query)}) AS score FROM knowledge_passages
            WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND length(embedding) = ${query.byteLength}
            ORDER BY score DESC, id LIMIT ${limit}) n
      JOIN knowledge_passages p ON p.id = n.id
      JOIN knowledge_documents d ON d.id = p.document_id
      ORDER BY n.score DESC, p.id`.execute(db);
    return rows;
  }

  /**
   * The `candidates` nearest by Hamming distance of the sign bits (migration 028; one short
   * `bit varying` a row, XORed and counted in C), then exact cosines of just those here, on
   * their float vectors: a search reads at most `candidates` vectors, whatever the bases hold.
   */
  async function postgresNearest(scope: VectorScope, query: Float32Array, limit: number, candidates: number): Promise<HitRow[]> {
    // `#` needs bit strings of one length; one model makes vectors of one length, the filter only guards that.
    const { rows: near } = await sql<{ id: number; embedding: Uint8Array }>`
      SELECT p.id, p.embedding FROM (
        SELECT id FROM knowledge_passages
        WHERE knowledge_base_id IN (${sql.join(scope.baseIds)}) AND embedding_model = ${scope.model}
          AND length(embedding_bits) = ${indexBitsFor(query.length)}
        ORDER BY bit_count(embedding_bits # ${signBitString(query)}), id LIMIT ${candidates}) c
      JOIN knowledge_passages p ON p.id = c.id`.execute(db);
    const best = near
      .flatMap((row) => (row.embedding.byteLength === query.byteLength ? [{ id: row.id, score: dot(bytesVector(row.embedding), query) }] : []))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, limit);
    if (best.length === 0) return [];
    const { rows } = await sql<HitRow>`
      SELECT ${HIT_COLUMNS}, 0 AS score FROM knowledge_passages p JOIN knowledge_documents d ON d.id = p.document_id
      WHERE p.id IN (${sql.join(best.map((b) => b.id))})`.execute(db);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return best.flatMap((b) => {
      const row = byId.get(b.id);
      return row ? [{ ...row, score: b.score }] : [];
    });
  }

  return {
    /**
     * The passages whose vectors (made by `scope.model`) are closest to `query` (unit length), best first.
     * @example await search.nearest({ baseIds: [1], model: 'text-embedding-3-small' }, vector, 20)
     */
    async nearest(scope: VectorScope, query: Float32Array, limit: number): Promise<PassageHit[]> {
      if (scope.baseIds.length === 0 || !query.some((value) => value !== 0)) return [];
      const rows = await (isPostgres(db) ? postgresNearest : sqliteNearest)(scope, query, limit * 2, nearestCandidates(limit));
      return distinctPassages(rows.map(toHit), limit).map((hit, i) => ({ ...hit, vector: { rank: i + 1, score: hit.score } }));
    },

    /**
     * The best passages for `query`, at most `limit`, best first.
     * @example await search.fullText({ baseIds: [1], language: 'en' }, 'refund damaged', 5)
     */
    async fullText(scope: SearchScope, query: string, limit: number): Promise<PassageHit[]> {
      const terms = searchTerms(query, scope.language);
      if (terms.length === 0 || scope.baseIds.length === 0) return [];
      // Twice as many: copies of one passage in several documents are dropped after.
      const rows = isPostgres(db) ? await postgresSearch(terms, scope, limit * 2) : await sqliteSearch(terms, scope.baseIds, limit * 2);
      return distinctPassages(rows.map(toHit), limit).map((hit, i) => ({ ...hit, fullText: { rank: i + 1, score: hit.score } }));
    },
  };
}
