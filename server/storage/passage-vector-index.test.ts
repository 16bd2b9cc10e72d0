import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropSchema, testDatabases } from '../../test/helpers/test-databases.ts';
import { systemClock } from '../clock.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { isPostgres } from './dialect-of.ts';
import { passageVectorIndexMigration } from './migrations/026-passage-vector-index.ts';
import { postgresPassageBitsMigration } from './migrations/028-postgres-passage-bits.ts';
import { sampledVectorPartitionMigration } from './migrations/029-sampled-vector-partition.ts';
import { SAMPLE_EVERY } from './passage-vector-index.ts';
import { createRepositories, type Repositories } from './repositories.ts';

/** mulberry32 unit vectors: the same every run. */
function unitVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: dimensions }, random);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

let handle: DatabaseHandle;
let repos: Repositories;

async function newBase(workspaceName = 'W'): Promise<number> {
  const workspace = await handle.db.insertInto('workspaces').values({ name: workspaceName, settings: '{}', created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
  return (await repos.knowledgeBases.createBase(workspace.id, { name: 'Base', description: '', language: 'en' })).id;
}

/** A document of one passage per vector, through the ingestion queue's store; its row id. */
async function ingest(baseId: number, model: string, vectors: readonly Float32Array[], existing?: number): Promise<number> {
  const content = { title: 'Doc', url: null, format: 'text' as const, content: 'x' };
  let documentId = existing;
  if (documentId === undefined) {
    const document = await repos.knowledgeBases.addDocument(baseId, content);
    documentId = (await handle.db.selectFrom('knowledge_documents').select('id').where('public_id', '=', document.publicId).executeTakeFirstOrThrow()).id;
  } else {
    await repos.knowledgeBases.replaceDocument(documentId, content);
  }
  const job = await repos.knowledgeIngestion.claimNext(60_000);
  expect(job?.documentId).toBe(documentId);
  const passages = vectors.map((vector, i) => ({ headingPath: [], text: `passage ${documentId} ${i}`, hash: `${documentId}-${i}-${model}-${existing ?? 0}`, embedding: { model, vector } }));
  expect(await repos.knowledgeIngestion.complete(job!, passages)).toBe(true);
  return documentId;
}

/** How many vectors of `bits` bits the index holds: rows of that vec0 table, or passages with bits of that length. */
async function indexedRows(bits: number): Promise<number> {
  const { rows } = isPostgres(handle.db)
    ? await sql<{ n: number }>`SELECT count(*) AS n FROM knowledge_passages WHERE length(embedding_bits) = ${bits}`.execute(handle.db)
    : await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(`knowledge_vectors_b${bits}`)}`.execute(handle.db);
  return Number(rows[0]?.n);
}

/**
 * Runs on both databases: SQLite's vec0 tables (026) and Postgres's `embedding_bits` column
 * (028) hold the same rotated sign bits, and a search must give the same answers on each.
 */
describe.each(testDatabases())('the nearest-vector bit index on $dialect', (database) => {
  let cleanUp: () => Promise<void>;
  beforeEach(async () => {
    const target = database.fresh();
    handle = await openDatabase(target.schema ? { url: target.url, schema: target.schema } : { url: target.url });
    repos = createRepositories(handle.db, systemClock);
    cleanUp = async () => {
      await handle.close();
      if (target.schema) await dropSchema(target.url, target.schema);
      else rmSync(dirname(target.url.slice('sqlite:'.length)), { recursive: true, force: true });
    };
  });
  afterEach(() => cleanUp());

  it('returns the exact cosine ranking and scores when the candidates cover the base', async () => {
    const base = await newBase();
    const vectors = unitVectors(60, 64, 1);
    await ingest(base, 'm', vectors);
    const [query] = unitVectors(1, 64, 2);
    const hits = await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, query!, 5);
    const exact = vectors.map((vector, i) => ({ i, score: cosine(vector, query!) })).sort((a, b) => b.score - a.score).slice(0, 5);
    expect(hits.map((hit) => hit.text)).toEqual(exact.map((e) => expect.stringMatching(new RegExp(` ${e.i}$`))));
    hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i]!.score, 5));
  });

  it('finds a stored vector itself among 3,000, the others rescored exactly (the deep read bounded by the sampled sixteenth)', async () => {
    const base = await newBase();
    const vectors = unitVectors(3000, 64, 14);
    await ingest(base, 'm', vectors);
    for (const i of [0, 999, 2999]) {
      const hits = await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, vectors[i]!, 5);
      expect(hits[0]).toMatchObject({ text: expect.stringMatching(new RegExp(` ${i}$`)), score: expect.closeTo(1, 5) });
      // The rest are approximate (64 bits are coarse) but rescored exactly: each score is its cosine, best first.
      const cosines = hits.map((hit) => cosine(vectors[Number(hit.text.split(' ').at(-1))]!, vectors[i]!));
      expect(hits.map((hit) => hit.score)).toEqual(cosines.map((score) => expect.closeTo(score, 5)));
      expect(cosines).toEqual([...cosines].sort((a, b) => b - a));
    }
  });

  it('drops the vectors of a replaced document, a deleted document and a deleted base: no stale hits', async () => {
    const base = await newBase();
    const [first, second, query] = [unitVectors(30, 64, 3), unitVectors(30, 64, 4), unitVectors(1, 64, 5)[0]!];
    const kept = await ingest(base, 'm', first);
    const replaced = await ingest(base, 'm', second);
    expect(await indexedRows(64)).toBe(60);
    await ingest(base, 'm', unitVectors(10, 64, 6), replaced);
    expect(await indexedRows(64)).toBe(40);
    const texts = async () => (await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, query, 100)).map((hit) => hit.text);
    expect(await texts()).toHaveLength(40);

    await repos.knowledgeBases.deleteDocument(replaced);
    expect(await indexedRows(64)).toBe(30);
    expect((await texts()).every((text) => text.startsWith(`passage ${kept} `))).toBe(true);

    await repos.knowledgeBases.deleteBase(base);
    expect(await indexedRows(64)).toBe(0);
    expect(await texts()).toEqual([]);
  });

  it('keeps models and dimensions apart: 384 and 512 dimensions share a table, 1536 has its own', async () => {
    const base = await newBase();
    await ingest(base, 'small', unitVectors(20, 384, 7));
    await ingest(base, 'medium', unitVectors(20, 512, 8));
    await ingest(base, 'large', unitVectors(20, 1536, 9));
    expect(await indexedRows(512)).toBe(40);
    expect(await indexedRows(2048)).toBe(20);
    for (const [model, dimensions] of [['small', 384], ['medium', 512], ['large', 1536]] as const) {
      const hits = await repos.knowledgeSearch.nearest({ baseIds: [base], model }, unitVectors(1, dimensions, 10)[0]!, 50);
      expect(hits).toHaveLength(20);
      const stored = await handle.db.selectFrom('knowledge_passages').select(['embedding_model']).where('id', 'in', hits.map((hit) => hit.passageId)).execute();
      expect(new Set(stored.map((row) => row.embedding_model))).toEqual(new Set([model]));
    }
    expect(await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'other' }, unitVectors(1, 256, 11)[0]!, 5)).toEqual([]);
  });

  it("never returns another workspace's base, even for its identical vectors", async () => {
    const ours = await newBase('Ours');
    const theirs = await newBase('Theirs');
    const vectors = unitVectors(25, 64, 12);
    await ingest(ours, 'm', vectors.slice(0, 5));
    await ingest(theirs, 'm', vectors);
    const hits = await repos.knowledgeSearch.nearest({ baseIds: [ours], model: 'm' }, vectors[10]!, 50);
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((hit) => hit.knowledgeBaseId))).toEqual(new Set([ours]));
    const both = await repos.knowledgeSearch.nearest({ baseIds: [ours, theirs], model: 'm' }, vectors[10]!, 1);
    expect(both[0]).toMatchObject({ knowledgeBaseId: theirs, score: expect.closeTo(1, 5) });
  });

  it('its migration indexes the vectors stored before it (026 on SQLite, 028 on Postgres; 1,200 vectors, past a backfill batch)', async () => {
    const base = await newBase();
    const vectors = unitVectors(1200, 64, 13);
    await ingest(base, 'm', vectors);
    // As before the migration: the vectors are stored but not indexed, so no search finds them.
    const postgres = isPostgres(handle.db);
    await (postgres ? sql`UPDATE knowledge_passages SET embedding_bits = NULL` : sql`DROP TABLE knowledge_vectors_b64`).execute(handle.db);
    expect(await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, vectors[3]!, 1)).toEqual([]);
    if (postgres) {
      // The column and its covering index go; 025's index comes back.
      await sql`ALTER TABLE knowledge_passages DROP COLUMN embedding_bits`.execute(handle.db);
      await sql`CREATE INDEX knowledge_passages_vector_idx ON knowledge_passages (knowledge_base_id, embedding_model)`.execute(handle.db);
    }
    const migration = postgres ? postgresPassageBitsMigration('postgres') : passageVectorIndexMigration('sqlite');
    await migration.up(handle.db as unknown as Kysely<unknown>);
    expect(await indexedRows(64)).toBe(1200);
    for (const i of [3, 1100]) {
      const [hit] = await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, vectors[i]!, 1);
      expect(hit).toMatchObject({ text: expect.stringMatching(new RegExp(` ${i}$`)), score: expect.closeTo(1, 5) });
    }
  });

  it('gives the exact top ten, scores and order, among 3,000 clustered vectors of 512 dimensions', async () => {
    const base = await newBase();
    // 100 topics of 30 passages each, as a real base clusters: a query near a topic has its
    // exact best among that topic's passages, which the bits must bring into the candidates.
    const centres = unitVectors(100, 512, 20);
    const noise = unitVectors(3000, 512, 21);
    const unit = (vector: Float32Array) => {
      const norm = Math.hypot(...vector);
      return vector.map((value) => value / norm);
    };
    const vectors = noise.map((n, i) => unit(centres[i % 100]!.map((value, d) => value + 0.8 * (n[d] ?? 0))));
    await ingest(base, 'm', vectors);
    for (const [topic, seed] of [[0, 22], [57, 23], [99, 24]] as const) {
      const query = unit(centres[topic]!.map((value, d) => value + 0.5 * (unitVectors(1, 512, seed)[0]![d] ?? 0)));
      const exact = vectors.map((vector, i) => ({ i, score: cosine(vector, query) })).sort((a, b) => b.score - a.score).slice(0, 10);
      const hits = await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, query, 10);
      expect(hits.map((hit) => Number(hit.text.split(' ').at(-1)))).toEqual(exact.map((e) => e.i));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i]!.score, 5));
    }
  });
});

/** Unit vectors of 512 dimensions: `count` at random, then 10 planted near `query`, nearer the later. */
function plantedBase(count: number, query: Float32Array): Float32Array[] {
  const noise = unitVectors(count + 10, 512, 31);
  const planted = Array.from({ length: 10 }, (_, i) => {
    const vector = query.map((value, d) => value + (0.2 + 0.02 * (10 - i)) * (noise[count + i]![d] ?? 0));
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
  return [...noise.slice(0, count), ...planted];
}

/** The SQLite index's `sampled` partition (migration 029): what a search reads first to bound its scan. */
describe('the sampled partition of the SQLite bit index', () => {
  let cleanUp: () => Promise<void>;
  beforeEach(async () => {
    const [sqlite] = testDatabases({});
    const target = sqlite!.fresh();
    handle = await openDatabase({ url: target.url });
    repos = createRepositories(handle.db, systemClock);
    cleanUp = async () => {
      await handle.close();
      rmSync(dirname(target.url.slice('sqlite:'.length)), { recursive: true, force: true });
    };
  });
  afterEach(() => cleanUp());

  const sampledRows = async (bits: number) =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(`knowledge_vectors_b${bits}`)} WHERE sampled = 1`.execute(handle.db)).rows[0]?.n);
  const passagesToSample = async () =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM knowledge_passages WHERE id % ${SAMPLE_EVERY} = 0`.execute(handle.db)).rows[0]?.n);

  const up = () => sampledVectorPartitionMigration('sqlite').up(handle.db as unknown as Kysely<unknown>);
  /** The 64-bit index as 026 made it, with its triggers: no `sampled` key. */
  async function indexAsBefore029(): Promise<void> {
    await sql`DROP TRIGGER IF EXISTS knowledge_vectors_b64_insert`.execute(handle.db);
    await sql`DROP TRIGGER IF EXISTS knowledge_vectors_b64_delete`.execute(handle.db);
    await sql`DROP TABLE IF EXISTS knowledge_vectors_b64`.execute(handle.db);
    await sql`CREATE VIRTUAL TABLE knowledge_vectors_b64 USING vec0(knowledge_base_id integer partition key, model text partition key, bits bit[64])`.execute(handle.db);
    await sql`CREATE TRIGGER knowledge_vectors_b64_insert AFTER INSERT ON knowledge_passages WHEN new.embedding_model IS NOT NULL BEGIN
      INSERT INTO knowledge_vectors_b64 (rowid, knowledge_base_id, model, bits)
        VALUES (new.id, new.knowledge_base_id, new.embedding_model, vec_bit(parley_sign_bits(new.embedding))); END`.execute(handle.db);
    await sql`CREATE TRIGGER knowledge_vectors_b64_delete AFTER DELETE ON knowledge_passages WHEN old.embedding_model IS NOT NULL BEGIN
      DELETE FROM knowledge_vectors_b64 WHERE rowid = old.id; END`.execute(handle.db);
  }
  const hasSampledKey = async () =>
    (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'knowledge_vectors_b64'`.execute(handle.db)).rows[0]?.sql.includes('sampled');

  it('gives the exact top ten of a planted example in a base whose sample bounds the scan (3,000) and one too small to (120)', async () => {
    const query = unitVectors(1, 512, 30)[0]!;
    for (const size of [3000, 120]) {
      const base = await newBase(`W${size}`);
      const vectors = plantedBase(size, query);
      await ingest(base, 'm', vectors);
      const hits = await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, query, 10);
      const exact = vectors.map((vector, i) => ({ i, score: cosine(vector, query) })).sort((a, b) => b.score - a.score).slice(0, 10);
      expect(exact.map((e) => e.i)).toEqual(Array.from({ length: 10 }, (_, i) => size + 9 - i));
      expect(hits.map((hit) => Number(hit.text.split(' ').at(-1)))).toEqual(exact.map((e) => e.i));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i]!.score, 5));
    }
    // One passage in SAMPLE_EVERY, by id: the 3,000-vector base's sample (~188) is deeper than the 13 a search of ten reads first, the other's (~8) is not.
    expect(await sampledRows(512)).toBe(await passagesToSample());
  });

  it('keeps the sample in step with deletes and replacements: no stale sampled rows', async () => {
    const base = await newBase();
    const replaced = await ingest(base, 'm', unitVectors(100, 64, 32));
    await ingest(base, 'm', unitVectors(100, 64, 33));
    await ingest(base, 'm', unitVectors(40, 64, 34), replaced);
    expect(await sampledRows(64)).toBe(await passagesToSample());
    await repos.knowledgeBases.deleteBase(base);
    expect(await sampledRows(64)).toBe(0);
  });

  it('migration 029 remakes an index made before the sampled key, its triggers too; run again (a restart) it changes nothing', async () => {
    const base = await newBase();
    const vectors = unitVectors(500, 64, 35);
    await indexAsBefore029();
    const documentId = await ingest(base, 'm', vectors);
    expect(await indexedRows(64)).toBe(500);
    await up();
    await up();
    expect(await hasSampledKey()).toBe(true);
    expect(await indexedRows(64)).toBe(500);
    expect(await sampledRows(64)).toBe(await passagesToSample());
    for (const i of [0, 250, 499]) {
      const [hit] = await repos.knowledgeSearch.nearest({ baseIds: [base], model: 'm' }, vectors[i]!, 1);
      expect(hit).toMatchObject({ text: expect.stringMatching(new RegExp(` ${i}$`)), score: expect.closeTo(1, 5) });
    }
    // The triggers came back with the table: a replacement leaves the old vectors' rows, adds the new ones.
    await ingest(base, 'm', vectors.slice(0, 20), documentId);
    expect(await indexedRows(64)).toBe(20);
    expect(await sampledRows(64)).toBe(await passagesToSample());
  });

  it('migration 029 is all or nothing: a refill that fails leaves the old index whole, and the next start remakes it', async () => {
    const base = await newBase();
    await indexAsBefore029();
    const documentId = await ingest(base, 'm', unitVectors(100, 64, 36));
    // A stored vector the refill cannot quantise (134 bytes: not whole float32s) makes it fail after the drop.
    await sql`DROP TRIGGER knowledge_vectors_b64_insert`.execute(handle.db);
    await sql`INSERT INTO knowledge_passages (document_id, knowledge_base_id, position, heading_path, text, hash, embedding, embedding_model)
      VALUES (${documentId}, ${base}, 999, '[]', 'unreadable', 'unreadable', zeroblob(134), 'm')`.execute(handle.db);
    await expect(up()).rejects.toThrow();
    expect(await hasSampledKey()).toBe(false);
    expect(await indexedRows(64)).toBe(100);
    await sql`DELETE FROM knowledge_passages WHERE hash = 'unreadable'`.execute(handle.db);
    await up();
    expect(await hasSampledKey()).toBe(true);
    expect(await indexedRows(64)).toBe(100);
    expect(await sampledRows(64)).toBe(await passagesToSample());
  });
});
