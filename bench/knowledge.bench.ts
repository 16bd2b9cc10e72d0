/**
 * Knowledge search (issue #17 item 5), in-process on the repositories the server uses:
 *
 * - **Quality** on two evaluation sets over the Jargon File (`knowledge/`): the 124 questions
 *   of `questions.json` and the 70 paraphrases of `paraphrase-questions.json` (asked without
 *   the entry's own words); recall@1/5/10 and MRR for full text alone, hybrid and vectors
 *   alone. Two local embeddings, neither a language model: `hashedEmbedding`
 *   (test/fake-llm/hashed-embedding.ts) — a bag of words and character 4-grams, spelling
 *   without meaning — and `trainCorpusEmbedding` (knowledge/corpus-embedding.ts) — PPMI
 *   word vectors learnt from the corpus itself, some meaning from co-occurrence.
 * - **Ingestion throughput**: the corpus through the real ingestion queue (claim, split,
 *   embed, store), passages per second, with and without the local embedding.
 * - **Search latency** at N synthetic passages (the corpus's sentences shuffled across
 *   entries, seeded, 512-dimension vectors): each of the questions searched once per mode;
 *   p50/p99 of the repository call, beside a **floor**: the same SQL through a bare
 *   better-sqlite3 statement prepared once — the database's own cost without Parley's code.
 *
 * - **Postgres** (`--database postgres`: latency only): the nearest-vector search of
 *   migration 028 beside its bare-SQL floor and the exact scan it replaced.
 *
 *   npx tsx bench/knowledge.bench.ts [--sizes 10000,100000] [--queries 124] [--database sqlite|postgres]
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import * as sqliteVec from 'sqlite-vec';
import { bootstrapWorkspace } from '../server/bootstrap.ts';
import type { Timers } from '../server/background/timers.ts';
import { systemClock } from '../server/clock.ts';
import { createHybridSearch } from '../server/knowledge/hybrid-search.ts';
import { createIngestionQueue } from '../server/knowledge/ingestion-queue.ts';
import { openDatabase, type DatabaseHandle } from '../server/storage/database.ts';
import { createRepositories, type Repositories } from '../server/storage/repositories.ts';
import { nearestCandidates, searchTerms, type PassageHit } from '../server/storage/knowledge-search-repo.ts';
import { ensurePassageVectorIndex } from '../server/storage/passage-vector-index.ts';
import { keptTerms, prunesWords } from '../server/storage/common-term-pruning.ts';
import { PASSAGE_TOKENIZER } from '../server/storage/fts5-word-counts.ts';
import { ftsPhrase, maxScoreTopK, type RankedRow } from '../server/storage/fts-max-score.ts';
import { readVarint } from '../server/storage/fts5-row-count.ts';
import { isPostgres } from '../server/storage/dialect-of.ts';
import { signBitString } from '../server/storage/postgres-passage-bits.ts';
import { bytesVector, vectorBytes } from '../server/storage/vector-bytes.ts';
import { signBits } from '../server/storage/vector-sign-bits.ts';
import { hashedEmbedding } from '../test/fake-llm/hashed-embedding.ts';
import { tempSqliteUrl } from '../test/helpers/server-process.ts';
import { dropSchema } from '../test/helpers/test-databases.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';
import { percentile } from './lib/stats.ts';
import { knowledgeLatencyTable, knowledgeQualityTable } from './knowledge/knowledge-tables.ts';
import { trainCorpusEmbedding } from './knowledge/corpus-embedding.ts';
import { readEvaluationQuestions, scoreRetrieval, type RankedPassage, type RetrievalScore } from './knowledge/retrieval-metrics.ts';
import { corpusEntries, syntheticPassage } from './knowledge/synthetic-passages.ts';

const CORPUS = new URL('./knowledge/corpus/', import.meta.url).pathname;
const MODEL = 'hashed-512';
/** The local embedding function, shaped as the server's embedder. */
const localEmbedder = { model: MODEL, embed: async (texts: readonly string[]) => texts.map((text) => hashedEmbedding(text)) };
const silent = pino({ level: 'silent' });
/**
 * The server's timers are unreferenced (a pending poll never holds a process open), so a
 * bench awaiting `queue.idle()` with nothing else pending would exit mid-ingestion (code 13,
 * silently): here the queue's timers hold the process until they fire.
 */
const referencedTimers: Timers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

interface Store {
  database: DatabaseHandle;
  repos: Repositories;
  /** The SQLite file ('' on Postgres). */
  path: string;
  baseId: number;
  /** Closes the database and deletes its file (or drops its Postgres schema). */
  close(): Promise<void>;
}

async function openStore(postgres?: { url: string; schema: string }): Promise<Store> {
  const url = postgres?.url ?? tempSqliteUrl();
  const database = await openDatabase(postgres ? { url, schema: postgres.schema } : { url });
  const repos = createRepositories(database.db, systemClock);
  const { workspaceId } = await bootstrapWorkspace(repos, undefined);
  const base = await repos.knowledgeBases.createBase(workspaceId, { name: 'Jargon File', description: '', language: 'en' });
  const path = postgres ? '' : url.slice('sqlite:'.length);
  return {
    database,
    repos,
    path,
    baseId: base.id,
    async close() {
      await database.close();
      if (postgres) await dropSchema(postgres.url, postgres.schema);
      else rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}

function corpusDocuments(): { file: string; content: string }[] {
  return readdirSync(CORPUS).filter((file) => file.endsWith('.md')).sort().map((file) => ({ file, content: readFileSync(CORPUS + file, 'utf8') }));
}

export interface IngestionFigures {
  passages: number;
  seconds: number;
}

/** The corpus through the ingestion queue; returns the document → file map for scoring. */
async function ingestCorpus(store: Store, embedder: Embedder | undefined): Promise<{ figures: IngestionFigures; fileOf: Map<string, string> }> {
  const fileOf = new Map<string, string>();
  for (const { file, content } of corpusDocuments()) {
    const document = await store.repos.knowledgeBases.addDocument(store.baseId, { title: `The Jargon File (${file.slice(7, -3)})`, url: null, format: 'markdown', content });
    fileOf.set(document.publicId, file);
  }
  const queue = createIngestionQueue({ store: store.repos.knowledgeIngestion, logger: silent, embedder, timers: referencedTimers });
  const started = performance.now();
  queue.start();
  queue.wake();
  await queue.idle(); // `referencedTimers` hold the process open until it is
  const seconds = (performance.now() - started) / 1000;
  await queue.stop();
  const documents = await store.repos.knowledgeBases.listDocuments(store.baseId, 1000);
  if (documents.some((d) => d.status !== 'ready')) throw new Error('a corpus document was not ingested');
  return { figures: { passages: documents.reduce((sum, d) => sum + d.passageCount, 0), seconds }, fileOf };
}

/** The embedder port the server's ingestion and hybrid search take. */
interface Embedder {
  readonly model: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface QualitySet {
  name: string;
  rankings: { name: string; score: RetrievalScore }[];
}

export interface QualityFigures {
  sets: QualitySet[];
  ingestion: { name: string; figures: IngestionFigures }[];
  /** Learning the corpus embedding from the corpus's entries. */
  training: { seconds: number; vocabulary: number };
}

/** The corpus's entries (one per `##` heading), the texts the corpus embedding learns from. */
const corpusEntryTexts = (): string[] => corpusDocuments().flatMap(({ content }) => content.split(/\n(?=## )/));

/**
 * Each evaluation set against five rankings of the same passages: full text; hybrid (RRF) and
 * nearest vectors alone, with the hashed spelling embedding and with the corpus embedding.
 */
export async function benchKnowledgeQuality(): Promise<QualityFigures> {
  const started = performance.now();
  const corpusEmbedder = trainCorpusEmbedding(corpusEntryTexts());
  const training = { seconds: (performance.now() - started) / 1000, vocabulary: corpusEmbedder.vocabulary };
  const stores = { plain: await openStore(), hashed: await openStore(), corpus: await openStore() };
  try {
    const plain = await ingestCorpus(stores.plain, undefined);
    const hashed = await ingestCorpus(stores.hashed, localEmbedder);
    const corpus = await ingestCorpus(stores.corpus, corpusEmbedder);
    const ranked = (fileOf: Map<string, string>, hits: PassageHit[]) => hits.map((hit) => ({ document: fileOf.get(hit.documentId) ?? '?', text: hit.text }));
    const searches = (store: Store, fileOf: Map<string, string>, embedder: Embedder) => {
      const { fullText, nearest } = store.repos.knowledgeSearch;
      const hybrid = createHybridSearch({ fullText, nearest, embedder });
      const scope = { baseIds: [store.baseId], language: 'en' };
      return {
        hybrid: async (q: string) => ranked(fileOf, await hybrid(scope, q, 10)),
        nearest: async (q: string) => ranked(fileOf, await nearest({ baseIds: scope.baseIds, model: embedder.model }, (await embedder.embed([q]))[0] ?? new Float32Array(), 10)),
      };
    };
    const withHashed = searches(stores.hashed, hashed.fileOf, localEmbedder);
    const withCorpus = searches(stores.corpus, corpus.fileOf, corpusEmbedder);
    const rankings: { name: string; search: (q: string) => Promise<RankedPassage[]> }[] = [
      { name: 'full text (FTS5 BM25)', search: async (q) => ranked(plain.fileOf, await stores.plain.repos.knowledgeSearch.fullText({ baseIds: [stores.plain.baseId], language: 'en' }, q, 10)) },
      { name: 'hybrid, hashed 4-gram embedding (RRF k=60)', search: withHashed.hybrid },
      { name: 'hybrid, corpus PPMI embedding (RRF k=60)', search: withCorpus.hybrid },
      { name: 'vectors only, hashed 4-gram embedding', search: withHashed.nearest },
      { name: 'vectors only, corpus PPMI embedding', search: withCorpus.nearest },
    ];
    const sets: QualitySet[] = [];
    for (const [name, file] of [['original', 'questions.json'], ['paraphrase', 'paraphrase-questions.json']] as const) {
      const questions = readEvaluationQuestions(new URL(`./knowledge/${file}`, import.meta.url).pathname);
      const scores: QualitySet['rankings'] = [];
      for (const ranking of rankings) scores.push({ name: ranking.name, score: await scoreRetrieval(questions, ranking.search) });
      sets.push({ name, rankings: scores });
    }
    return {
      sets,
      training,
      ingestion: [
        { name: 'full text only', figures: plain.figures },
        { name: 'with the hashed embedding', figures: hashed.figures },
        { name: 'with the corpus embedding', figures: corpus.figures },
      ],
    };
  } finally {
    for (const store of Object.values(stores)) await store.close();
  }
}

/** `count` passages of the corpus's sentences shuffled across entries (`knowledge/synthetic-passages.ts`), with vectors, in 100 documents. */
async function seedSyntheticPassages(store: Store, count: number): Promise<void> {
  const entries = corpusEntries();
  const random = seededRandom(17);
  const documents = 100;
  const postgres = isPostgres(store.database.db);
  for (let d = 0; d < documents; d += 1) {
    const document = await store.repos.knowledgeBases.addDocument(store.baseId, { title: `The Jargon File, varied (${d})`, url: null, format: 'text', content: '-' });
    const row = await store.database.db.selectFrom('knowledge_documents').select('id').where('public_id', '=', document.publicId).executeTakeFirstOrThrow();
    const perDocument = Math.ceil(count / documents);
    await store.database.db.transaction().execute(async (trx) => {
      for (let start = 0; start < perDocument; start += 500) {
        const rows = Array.from({ length: Math.min(500, perDocument - start) }, (_, i) => {
          const { heading, text } = syntheticPassage(entries, random);
          const vector = hashedEmbedding(text);
          // Postgres searches by the bits the ingestion store writes beside the vector (migration 028).
          const bits = postgres ? { embedding_bits: signBitString(vector) } : {};
          return { document_id: row.id, knowledge_base_id: store.baseId, position: start + i, heading_path: JSON.stringify([heading]), text, hash: `${d}-${start + i}`, embedding: vectorBytes(vector), embedding_model: MODEL, ...bits };
        });
        await trx.insertInto('knowledge_passages').values(rows).execute();
      }
      // As ingestion records it: full-text search reads the total to tell common words.
      await trx.updateTable('knowledge_documents').set({ passage_count: perDocument, status: 'ready' }).where('id', '=', row.id).execute();
    });
  }
}

export interface LatencyRow {
  passages: number;
  mode: string;
  p50: number;
  p99: number;
  floorP50: number;
  floorP99: number;
  /** Nearest vectors: the share of the exact scan's top 10 in the index's top 10, per candidate count rescored. */
  recallAt10?: { candidates: number; recall: number }[];
}

async function timeEach(questions: readonly string[], run: (q: string) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    await run(question);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * The full-text search's SQL through bare statements prepared once: the passage total, the
 * FTS5 row count, each word's token and its rows from the index's vocabulary (in the
 * connection's temp schema, as fts5-word-counts.ts makes them), the two to four ranked
 * queries of `maxScoreTopK`, the rows of the passages shown.
 */
function fullTextFloor(bare: SqliteDatabase.Database, baseId: number): (question: string) => Promise<unknown> {
  bare.exec(`CREATE VIRTUAL TABLE temp.floor_words USING fts5(word, tokenize='${PASSAGE_TOKENIZER}');
    CREATE VIRTUAL TABLE temp.floor_tokens USING fts5vocab(temp, floor_words, 'instance');
    CREATE VIRTUAL TABLE temp.floor_vocabulary USING fts5vocab(main, knowledge_passages_fts, 'row')`);
  const total = bare.prepare('SELECT coalesce(sum(passage_count), 0) AS n FROM knowledge_documents WHERE knowledge_base_id IN (?)');
  const tableRows = bare.prepare('SELECT block FROM knowledge_passages_fts_data WHERE id = 1');
  const addWords = bare.prepare('INSERT INTO temp.floor_words (rowid, word) SELECT key + 1, value FROM json_each(?)');
  const wordTokens = bare.prepare('SELECT doc, term FROM temp.floor_tokens');
  const clearWords = bare.prepare('DELETE FROM temp.floor_words');
  const tokenRows = bare.prepare('SELECT term, doc FROM temp.floor_vocabulary WHERE term IN (SELECT value FROM json_each(?))');
  const ranked = bare.prepare('SELECT rowid AS id, rank FROM knowledge_passages_fts WHERE knowledge_passages_fts MATCH ? AND knowledge_base_id IN (?) ORDER BY rank LIMIT ?');
  const rows = bare.prepare(`SELECT p.id, p.knowledge_base_id, p.heading_path, p.text, p.hash, d.public_id, d.title, d.url
    FROM knowledge_passages p JOIN knowledge_documents d ON d.id = p.document_id WHERE p.id IN (SELECT value FROM json_each(?))`);
  const rank = async (match: string, limit: number) => ranked.all(match, baseId, limit) as RankedRow[];
  return async (question) => {
    const passages = (total.get(baseId) as { n: number }).n;
    const terms = searchTerms(question, 'en');
    if (!prunesWords(passages)) return rows.all(JSON.stringify((await rank(terms.map(ftsPhrase).join(' OR '), 20)).map((r) => r.id)));
    const inTable = readVarint((tableRows.get() as { block: Uint8Array }).block) ?? 0;
    addWords.run(JSON.stringify(terms));
    const tokens = new Map((wordTokens.all() as { doc: number; term: string }[]).map((row) => [row.doc, row.term]));
    clearWords.run();
    const counts = new Map((tokenRows.all(JSON.stringify([...tokens.values()])) as { term: string; doc: number }[]).map((row) => [row.term, row.doc]));
    const counted = terms.map((term, i) => ({ term, passages: counts.get(tokens.get(i + 1) ?? '') ?? 0 }));
    const kept = new Set(keptTerms(counted, inTable));
    const top = await maxScoreTopK(rank, counted.filter((c) => kept.has(c.term)), inTable, 20);
    return rows.all(JSON.stringify(top.map((r) => r.id)));
  };
}

export async function benchKnowledgeLatency(passages: number, queryCount: number): Promise<LatencyRow[]> {
  const questions = readEvaluationQuestions().slice(0, queryCount).map((q) => q.question);
  const store = await openStore();
  const bare = new SqliteDatabase(store.path, { readonly: true });
  try {
    // The synthetic rows go straight into knowledge_passages: the bit index's table must exist first (migration 026).
    await ensurePassageVectorIndex(store.database.db, 512);
    await seedSyntheticPassages(store, passages);
    sqliteVec.load(bare);
    const scope = { baseIds: [store.baseId], language: 'en' };
    const { fullText, nearest } = store.repos.knowledgeSearch;
    const hybrid = createHybridSearch({ fullText, nearest, embedder: localEmbedder });
    // The floors: the repository's own SQL, prepared once, without Kysely, the hit mapping or the fusion.
    const ftsFloor = fullTextFloor(bare, store.baseId);
    const vectorFloor = bare.prepare(`SELECT id, vec_distance_cosine(embedding, ?) AS distance FROM knowledge_passages
      WHERE knowledge_base_id IN (?) AND embedding_model = ? ORDER BY distance LIMIT 100`);
    await timeEach(questions.slice(0, 5), (q) => hybrid(scope, q, 10)); // warm the page cache
    const rows: LatencyRow[] = [];
    const row = (mode: string, times: number[], floor: number[]) =>
      rows.push({ passages, mode, p50: percentile(times, 50), p99: percentile(times, 99), floorP50: percentile(floor, 50), floorP99: percentile(floor, 99) });
    row('full text', await timeEach(questions, (q) => fullText(scope, q, 10)), await timeEach(questions, ftsFloor));
    // Against the exact scan (the floor here, the search before the bit index): how many of its top 10 the index finds.
    const exactTop = new Map<string, unknown[]>();
    const indexTop = new Map<string, PassageHit[]>();
    const vectorTimes = await timeEach(questions, async (q) => indexTop.set(q, await nearest({ baseIds: scope.baseIds, model: MODEL }, hashedEmbedding(q), 50)));
    const vectorFloorTimes = await timeEach(questions, (q) => exactTop.set(q, vectorFloor.all(vectorBytes(hashedEmbedding(q)), store.baseId, MODEL)));
    const overlapAt10 = async (top: (q: string) => Promise<PassageHit[]>) => {
      let found = 0;
      for (const q of questions) {
        const exact = new Set((exactTop.get(q) ?? []).slice(0, 10).map((r) => (r as { id: number }).id));
        found += (await top(q)).slice(0, 10).filter((hit) => exact.has(hit.passageId)).length;
      }
      return found / (10 * questions.length);
    };
    row('nearest vectors (bit index + rescoring; floor: the exact scan)', vectorTimes, vectorFloorTimes);
    rows[rows.length - 1]!.recallAt10 = [
      { candidates: nearestCandidates(10), recall: await overlapAt10((q) => nearest({ baseIds: scope.baseIds, model: MODEL }, hashedEmbedding(q), 10)) },
      { candidates: nearestCandidates(50), recall: await overlapAt10(async (q) => indexTop.get(q) ?? []) },
    ];
    row('hybrid (both + RRF)', await timeEach(questions, (q) => hybrid(scope, q, 10)), []);
    return rows;
  } finally {
    bare.close();
    await store.close();
  }
}

/** Cosine of two unit vectors of one length. */
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

/**
 * Nearest vectors on Postgres (migration 028) at N synthetic passages: the repository's
 * search (Hamming order of the sign bits in SQL, the candidates' vectors rescored) beside
 * its floor — the same candidate SQL through a bare `pg` client, no Kysely, no rescoring —
 * and beside the search it replaced, every vector of the base read and compared in Node
 * (the exact scan, also the reference for recall@10).
 */
export async function benchPostgresNearest(passages: number, queryCount: number, url: string): Promise<LatencyRow[]> {
  const questions = readEvaluationQuestions().slice(0, queryCount).map((q) => q.question);
  const schema = `bench_knn_${process.pid}_${Date.now().toString(36)}`;
  const store = await openStore({ url, schema });
  const bare = new pg.Client({ connectionString: url });
  await bare.connect();
  try {
    await bare.query(`SET search_path TO ${schema}`);
    await seedSyntheticPassages(store, passages);
    // As autovacuum leaves a table after a bulk insert: statistics, and pages marked all-visible (index-only scans).
    await bare.query('VACUUM ANALYZE knowledge_passages');
    const scope = { baseIds: [store.baseId], model: MODEL };
    const { nearest } = store.repos.knowledgeSearch;
    const candidateSql = `SELECT p.id, p.embedding FROM (SELECT id FROM knowledge_passages
        WHERE knowledge_base_id = $1 AND embedding_model = $2 AND length(embedding_bits) = 512
        ORDER BY bit_count(embedding_bits # $3::varbit), id LIMIT $4) c JOIN knowledge_passages p ON p.id = c.id`;
    const floor = (q: string) => bare.query(candidateSql, [store.baseId, MODEL, `x${signBits(hashedEmbedding(q)).toString('hex')}`, nearestCandidates(10)]);
    const exactTop = new Map<string, number[]>();
    const exactScan = async (q: string) => {
      const query = hashedEmbedding(q);
      const { rows } = await bare.query<{ id: number; embedding: Buffer }>('SELECT id, embedding FROM knowledge_passages WHERE knowledge_base_id = $1 AND embedding_model = $2', [store.baseId, MODEL]);
      const top = rows.map((row) => ({ id: row.id, score: dot(bytesVector(row.embedding), query) })).sort((a, b) => b.score - a.score).slice(0, 10);
      exactTop.set(q, top.map((t) => t.id));
    };
    await timeEach(questions.slice(0, 5), (q) => nearest(scope, hashedEmbedding(q), 10)); // warm the buffer cache
    const rows: LatencyRow[] = [];
    const row = (mode: string, times: number[], floorTimes: number[]) =>
      rows.push({ passages, mode, p50: percentile(times, 50), p99: percentile(times, 99), floorP50: percentile(floorTimes, 50), floorP99: percentile(floorTimes, 99) });
    const found = new Map<string, PassageHit[]>();
    row('Postgres nearest vectors, bits + rescoring (floor: its candidate SQL, bare pg)', await timeEach(questions, async (q) => found.set(q, await nearest(scope, hashedEmbedding(q), 10))), await timeEach(questions, floor));
    row('Postgres exact scan, every vector to Node (the search before 028)', await timeEach(questions, exactScan), []);
    const overlap = questions.reduce((sum, q) => sum + (found.get(q) ?? []).filter((hit) => exactTop.get(q)?.includes(hit.passageId)).length, 0);
    rows[0]!.recallAt10 = [{ candidates: nearestCandidates(10), recall: overlap / (10 * questions.length) }];
    return rows;
  } finally {
    await bare.end();
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '10000,100000' }, queries: { type: 'string', default: '124' }, 'skip-quality': { type: 'boolean', default: false }, database: { type: 'string', default: 'sqlite' } },
  });
  const postgresUrl = process.env.PARLEY_BENCH_POSTGRES_URL ?? process.env.PARLEY_TEST_POSTGRES_URL;
  if (values.database === 'postgres' && !postgresUrl) throw new Error('--database postgres needs PARLEY_TEST_POSTGRES_URL (or PARLEY_BENCH_POSTGRES_URL)');
  if (!values['skip-quality'] && values.database === 'sqlite') console.log(knowledgeQualityTable(await benchKnowledgeQuality()).join('\n'));
  for (const size of values.sizes.split(',').map(Number)) {
    const rows = postgresUrl && values.database === 'postgres' ? await benchPostgresNearest(size, Number(values.queries), postgresUrl) : await benchKnowledgeLatency(size, Number(values.queries));
    console.log(`\n${knowledgeLatencyTable(rows).join('\n')}`);
  }
}
