/**
 * Full-text search over the passages of some knowledge bases, ranked inside the
 * database: FTS5's BM25 on SQLite (Porter stemmer), `ts_rank_cd` over the `tsvector` and
 * its GIN index on Postgres (the base's language's stemmer). Any query word may match
 * (OR): ranking, not the presence of every word, decides. Passages repeated across
 * documents are shown once.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-of.ts';
import type { Database } from './schema.ts';
import { queryTerms, textSearchConfig } from './text-search-config.ts';

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
}

export interface SearchScope {
  baseIds: readonly number[];
  /** BCP 47, for the stemmer (Postgres). */
  language: string;
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

export function createKnowledgeSearchRepo(db: Kysely<Database>) {
  async function sqliteSearch(terms: string[], baseIds: readonly number[], limit: number): Promise<HitRow[]> {
    const match = terms.map((term) => `"${term}"`).join(' OR ');
    const { rows } = await sql<HitRow>`
      SELECT p.id, p.knowledge_base_id, p.heading_path, p.text, p.hash, d.public_id, d.title, d.url, -bm25(knowledge_passages_fts) AS score
      FROM knowledge_passages_fts f
      JOIN knowledge_passages p ON p.id = f.rowid
      JOIN knowledge_documents d ON d.id = p.document_id
      WHERE knowledge_passages_fts MATCH ${match} AND p.knowledge_base_id IN (${sql.join(baseIds)})
      ORDER BY bm25(knowledge_passages_fts) LIMIT ${limit}`.execute(db);
    return rows;
  }

  async function postgresSearch(terms: string[], scope: SearchScope, limit: number): Promise<HitRow[]> {
    const config = textSearchConfig(scope.language);
    // Normalisation 1: divide by 1 + log(length), so long passages do not win by size alone.
    const { rows } = await sql<HitRow>`
      SELECT p.id, p.knowledge_base_id, p.heading_path, p.text, p.hash, d.public_id, d.title, d.url, ts_rank_cd(p.search_vector, q, 1) AS score
      FROM knowledge_passages p
      JOIN knowledge_documents d ON d.id = p.document_id,
        to_tsquery(${config}::regconfig, ${terms.join(' | ')}) q
      WHERE p.knowledge_base_id IN (${sql.join(scope.baseIds)}) AND p.search_vector @@ q
      ORDER BY score DESC, p.id LIMIT ${limit}`.execute(db);
    return rows;
  }

  return {
    /**
     * The best passages for `query`, at most `limit`, best first.
     * @example await search.fullText({ baseIds: [1], language: 'en' }, 'refund damaged', 5)
     */
    async fullText(scope: SearchScope, query: string, limit: number): Promise<PassageHit[]> {
      const terms = queryTerms(query);
      if (terms.length === 0 || scope.baseIds.length === 0) return [];
      // Twice as many: copies of one passage in several documents are dropped after.
      const rows = isPostgres(db) ? await postgresSearch(terms, scope, limit * 2) : await sqliteSearch(terms, scope.baseIds, limit * 2);
      return distinctPassages(rows.map(toHit), limit);
    },
  };
}
