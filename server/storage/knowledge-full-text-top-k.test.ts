import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/test-databases.ts';
import { systemClock } from '../clock.ts';
import { commonCutoff, PRUNE_FROM_PASSAGES } from './common-term-pruning.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { createRepositories, type Repositories } from './repositories.ts';
import { createKnowledgeSearchRepo, type KnowledgeSearchRepo } from './knowledge-search-repo.ts';
import { seededRandom } from '../../test/helpers/seeded-random.ts';


/** 400 words, a low index common (the draw is cubed), a high one rare: some in a tenth of the passages, some in a handful. */
const WORDS = Array.from({ length: 400 }, (_, i) => `w${i}q`);
const random = seededRandom(29);
const draw = () => WORDS[Math.floor(random() ** 3 * WORDS.length)] ?? 'w0q';
/** Topic words: each said four times in each of 12 passages of the big base, like a term in its own entry. */
const TOPICS = Array.from({ length: 20 }, (_, i) => `topic${i}z`);
const plantedText = (topic?: string) =>
  [...Array.from({ length: 20 + Math.floor(random() * 40) }, draw), ...(topic ? [topic, topic, topic, topic] : [])].join(' ');

let handle: DatabaseHandle;
let repos: Repositories;
/** The search without a budget: the exact top k, whatever it costs. */
let exactSearch: KnowledgeSearchRepo;
let cleanUp: () => void;
let sqliteFile = '';
/** The statements the repositories ran, as Kysely's query trees. */
const statements: string[] = [];
const recording: KyselyPlugin = {
  transformQuery: ({ node }) => (statements.push(JSON.stringify(node)), node),
  transformResult: async ({ result }) => result,
};
const bases = { big: 0, small: 0 };

async function plantBase(workspaceId: number, name: string, passages: number, topicOf: (position: number) => string | undefined): Promise<number> {
  const base = await repos.knowledgeBases.createBase(workspaceId, { name, description: '', language: 'en' });
  const document = await repos.knowledgeBases.addDocument(base.id, { title: name, url: null, format: 'text', content: '-' });
  const { id } = await handle.db.selectFrom('knowledge_documents').select('id').where('public_id', '=', document.publicId).executeTakeFirstOrThrow();
  await handle.db.transaction().execute(async (trx) => {
    for (let start = 0; start < passages; start += 500) {
      const rows = Array.from({ length: Math.min(500, passages - start) }, (_, i) => ({
        document_id: id, knowledge_base_id: base.id, position: start + i, heading_path: '[]', text: plantedText(topicOf(start + i)), hash: `${name}-${start + i}`,
      }));
      await trx.insertInto('knowledge_passages').values(rows).execute();
    }
    await trx.updateTable('knowledge_documents').set({ passage_count: passages, status: 'ready' }).where('id', '=', id).execute();
  });
  return base.id;
}

/** The plain query: every word ORed, BM25 over all its matches in the bases. */
async function plainScores(baseIds: number[], words: string[], limit: number): Promise<number[]> {
  const { rows } = await sql<{ score: number }>`SELECT -rank AS score FROM knowledge_passages_fts
    WHERE knowledge_passages_fts MATCH ${words.map((w) => `"${w}"`).join(' OR ')} AND knowledge_base_id IN (${sql.join(baseIds)})
    ORDER BY rank LIMIT ${limit}`.execute(handle.db);
  return rows.map((row) => row.score);
}

/** Each passage's score under the plain query of `words`: its full BM25 score. */
async function fullScores(baseIds: number[], words: string[], ids: number[]): Promise<Map<number, number>> {
  const { rows } = await sql<{ id: number; score: number }>`SELECT rowid AS id, -rank AS score FROM knowledge_passages_fts
    WHERE knowledge_passages_fts MATCH ${words.map((w) => `"${w}"`).join(' OR ')} AND knowledge_base_id IN (${sql.join(baseIds)})
    AND rowid IN (${sql.join(ids.length > 0 ? ids : [0])})`.execute(handle.db);
  return new Map(rows.map((row) => [row.id, row.score]));
}

/**
 * Questions of 2–8 words, each in fewer than a tenth of the big base's passages (no word is
 * dropped as common); every other one a topic word and commoner words, which the bound splits.
 */
async function questions(count: number): Promise<string[][]> {
  const cutoff = commonCutoff(PRUNE_FROM_PASSAGES + 500);
  const uncommon: string[] = [];
  for (const word of WORDS) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM knowledge_passages_fts WHERE knowledge_passages_fts MATCH ${`"${word}"`}`.execute(handle.db);
    if (Number(rows[0]?.n) < cutoff) uncommon.push(word);
  }
  expect(uncommon.length).toBeGreaterThan(100);
  return Array.from({ length: count }, (_, i) => {
    const size = 2 + Math.floor(random() * 7);
    const words = Array.from({ length: size }, () => uncommon[Math.floor(random() ** 2 * uncommon.length)] ?? '');
    return [...new Set(i % 2 === 0 ? [TOPICS[i % 20] ?? '', ...words.slice(0, 3)] : words)];
  });
}

describe('SQLite full text at and past the pruning size', () => {
  beforeAll(async () => {
    const target = testDatabases().find((d) => d.dialect === 'sqlite')?.fresh();
    if (!target) throw new Error('no SQLite test database');
    sqliteFile = target.url.slice('sqlite:'.length);
    handle = await openDatabase({ url: target.url });
    repos = createRepositories(handle.db.withPlugin(recording), systemClock);
    exactSearch = createKnowledgeSearchRepo(handle.db.withPlugin(recording), { scoreBudget: () => Infinity });
    cleanUp = () => rmSync(dirname(target.url.slice('sqlite:'.length)), { recursive: true, force: true });
    const now = new Date().toISOString();
    const workspace = await handle.db.insertInto('workspaces').values({ name: 'W', settings: '{}', created_at: now }).returning('id').executeTakeFirstOrThrow();
    bases.big = await plantBase(workspace.id, 'big', PRUNE_FROM_PASSAGES + 500, (position) => (position % 50 === 0 ? TOPICS[(position / 50) % 20] : undefined));
    bases.small = await plantBase(workspace.id, 'small', 400, () => undefined);
  }, 120_000);
  afterAll(async () => {
    await handle.close();
    cleanUp();
  });

  const cases = [
    { name: 'a base past the pruning size, beside another', scope: () => [bases.big], pastPruning: true },
    { name: 'every base of the table', scope: () => [bases.big, bases.small], pastPruning: true },
    { name: 'a base under the pruning size (every word, the plain query)', scope: () => [bases.small], pastPruning: false },
  ];
  it.each(cases)('ranks the passages with the scores of the plain query: $name', async ({ scope, pastPruning }) => {
    statements.length = 0;
    for (const words of await questions(25)) {
      const hits = await exactSearch.fullText({ baseIds: scope(), language: 'en' }, words.join(' '), 10);
      const expected = await plainScores(scope(), words, 10);
      expect(hits).toHaveLength(expected.length);
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i] ?? NaN, 9));
      expect(hits.every((hit) => scope().includes(hit.knowledgeBaseId))).toBe(true);
    }
    // Past the pruning size some questions were ranked as rare AND common words, not by the plain query.
    expect(statements.some((statement) => statement.includes(') AND ('))).toBe(pastPruning);
    // Words are counted over the whole table (FTS5's IDF is the table's), from its vocabulary:
    // never by reading the base of each match.
    const counts = statements.filter((statement) => statement.includes('count(*)'));
    expect(counts.some((statement) => statement.includes('knowledge_base_id'))).toBe(false);
    expect(statements.some((statement) => statement.includes('parley_passage_vocabulary'))).toBe(pastPruning);
  });

  it('past the pruning size, ranks within its budget: every passage shown at its full score, most of the exact top 10 kept', async () => {
    const scope = [bases.big];
    let shared = 0;
    let places = 0;
    let differed = 0;
    for (const words of await questions(25)) {
      const hits = await repos.knowledgeSearch.fullText({ baseIds: scope, language: 'en' }, words.join(' '), 10);
      const exact = await exactSearch.fullText({ baseIds: scope, language: 'en' }, words.join(' '), 10);
      const full = await fullScores(scope, words, hits.map((hit) => hit.passageId));
      hits.forEach((hit) => expect(hit.score).toBeCloseTo(full.get(hit.passageId) ?? NaN, 9));
      const exactIds = new Set(exact.map((hit) => hit.passageId));
      shared += hits.filter((hit) => exactIds.has(hit.passageId)).length;
      places += exact.length;
      differed += hits.some((hit) => !exactIds.has(hit.passageId)) ? 1 : 0;
    }
    // The repository's default budget applies: these words, drawn at random from a skewed
    // vocabulary into passages with no topics, are its worst case (203 of 250 places kept
    // when written; 1,239 of 1,240 on the evaluation set at 100k, bench/README.md).
    expect(differed).toBeGreaterThan(0);
    expect(shared / places).toBeGreaterThan(0.75);
  });

  const scopes = [
    { name: 'a base beside another', scope: () => [bases.big], word: 'latewordz' },
    { name: 'every base of the table', scope: () => [bases.big, bases.small], word: 'laterwordz' },
  ];
  it.each(scopes)('counts a word again once passages holding it are replaced from another connection: $name', async ({ scope, word }) => {
    // Another connection to the same file: the server is not the only writer SQLite can have.
    const other = new Database(sqliteFile);
    const { id: documentId } = other.prepare('SELECT id FROM knowledge_documents WHERE knowledge_base_id = ?').get(bases.big) as { id: number };
    const insert = other.prepare("INSERT INTO knowledge_passages (document_id, knowledge_base_id, position, heading_path, text, hash) VALUES (?, ?, ?, '[]', ?, ?)");
    const setCount = other.prepare('UPDATE knowledge_documents SET passage_count = (SELECT count(*) FROM knowledge_passages WHERE document_id = ?) WHERE id = ?');
    const question = `${word} ${WORDS[390] ?? ''}`;
    const search = () => repos.knowledgeSearch.fullText({ baseIds: scope(), language: 'en' }, question, 10);
    try {
      // In a fifth of the base: common, so this search drops it (and remembers its count).
      other.transaction(() => {
        for (let i = 0; i < 5000; i++) insert.run(documentId, bases.big, 100_000 + i, `${word} ${plantedText()}`, `${word}-${i}`);
        setCount.run(documentId, documentId);
      })();
      await search();
      // As many passages, the word now in five: rare, and all five rank in the top ten. The
      // cutoff is the same, so a count kept from before would drop the word again.
      other.transaction(() => {
        other.prepare(`DELETE FROM knowledge_passages WHERE hash LIKE '${word}-%' AND position >= 100005`).run();
        for (let i = 5; i < 5000; i++) insert.run(documentId, bases.big, 200_000 + i, plantedText(), `${word}-plain-${i}`);
        setCount.run(documentId, documentId);
      })();
      const hits = await search();
      const expected = await plainScores(scope(), question.split(' '), 10);
      expect(hits.map((hit) => hit.score)).toHaveLength(expected.length);
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i] ?? NaN, 9));
      expect(hits.filter((hit) => hit.text.startsWith(word))).toHaveLength(5);
    } finally {
      other.close();
    }
  }, 60_000);
});
