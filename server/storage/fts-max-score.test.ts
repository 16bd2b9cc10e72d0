import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import fc from 'fast-check';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { bm25Bound, maxScoreTopK, type RankedRow, type RankQuery } from './fts-max-score.ts';
import { fts5RowCount, readVarint } from './fts5-row-count.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-maxscore-'));
const opened: SqliteDatabase.Database[] = [];
afterAll(() => opened.forEach((db) => db.close()));

/** Word i of the vocabulary: a low i is common (the draw is cubed), a high one rare. */
const WORDS = Array.from({ length: 60 }, (_, i) => `w${i}x`);
const word = (draw: number) => WORDS[Math.floor((draw / 1000) ** 3 * WORDS.length)] ?? 'w0x';

/** A table shaped like migration 027's, in its own SQLite file, filled with `passages` (base 1 or 2 each). */
function plantedTable(passages: readonly { base: number; words: number[] }[]) {
  const sqlite = new SqliteDatabase(join(dir, `t${opened.length}.db`));
  opened.push(sqlite);
  sqlite.exec(`CREATE VIRTUAL TABLE knowledge_passages_fts USING fts5(headings, text, knowledge_base_id UNINDEXED,
    content='', contentless_delete=1, contentless_unindexed=1, tokenize='porter unicode61 remove_diacritics 2')`);
  const insert = sqlite.prepare('INSERT INTO knowledge_passages_fts (rowid, headings, text, knowledge_base_id) VALUES (?, ?, ?, ?)');
  sqlite.transaction(() => passages.forEach((p, i) => insert.run(i + 1, 'Heading', p.words.map(word).join(' '), p.base)))();
  const rankStatement = sqlite.prepare(`SELECT rowid AS id, rank FROM knowledge_passages_fts
    WHERE knowledge_passages_fts MATCH ? AND knowledge_base_id IN (1) ORDER BY rank LIMIT ?`);
  const countStatement = sqlite.prepare(`SELECT count(*) AS n FROM knowledge_passages_fts WHERE knowledge_passages_fts MATCH ?
    AND (? OR knowledge_base_id IN (1))`);
  const rank: RankQuery = async (match, limit) => rankStatement.all(match, limit) as RankedRow[];
  return {
    rank,
    /** Passages holding `term`: in the table, or in base 1 only (an undercount of the table's, as when the bases are some of it). */
    count: (term: string, wholeTable: boolean) => (countStatement.get(`"${term}"`, wholeTable ? 1 : 0) as { n: number }).n,
    rows: () => fts5RowCount(new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }), 'knowledge_passages_fts'),
  };
}

const scores = (rows: readonly RankedRow[]) => rows.map((row) => row.rank);

describe('the exact top k of an OR query, ranked without scoring the passages that hold only common words', () => {
  it('gives the scores the plain OR query gives, on any planted table, question and depth', async () => {
    let split = 0;
    const passage = fc.record({ base: fc.constantFrom(1, 1, 2), words: fc.array(fc.nat(999), { minLength: 3, maxLength: 30 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(passage, { minLength: 30, maxLength: 400 }),
        fc.uniqueArray(fc.nat(999), { minLength: 1, maxLength: 8, selector: word }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        async (passages, question, limit, wholeTable) => {
          const table = plantedTable(passages);
          const tableRows = await table.rows();
          expect(tableRows).toBe(passages.length);
          const words = question.map(word).map((term) => ({ term, passages: table.count(term, wholeTable) }));
          const plain = await table.rank(words.map((w) => `"${w.term}"`).join(' OR '), limit);
          const splitting: RankQuery = async (match, depth) => ((split += match.includes(' AND ') ? 1 : 0), table.rank(match, depth));
          const pruned = await maxScoreTopK(splitting, words, tableRows ?? 0, limit, Infinity);
          expect(scores(pruned)).toHaveLength(plain.length);
          scores(pruned).forEach((score, i) => expect(score).toBeCloseTo(scores(plain)[i] ?? NaN, 9));
        },
      ),
      { numRuns: 100 },
    );
    // The split path ran, not only the plain query it falls back to (about one run in six splits).
    expect(split).toBeGreaterThan(0);
  });

  it('splits a question into rare and common words when the bound allows it, in fewer passages scored', async () => {
    // 40 passages hold the rare word with the common one, 960 the common one alone.
    const passages = Array.from({ length: 1000 }, (_, i) => ({ base: 1, words: i < 40 ? [999, 999, 0] : [0, 500] }));
    const table = plantedTable(passages);
    const seen: string[] = [];
    const recording: RankQuery = async (match, limit) => (seen.push(match), table.rank(match, limit));
    const words = [word(999), word(0)].map((term) => ({ term, passages: table.count(term, true) }));
    const pruned = await maxScoreTopK(recording, words, 1000, 10);
    expect(scores(pruned)).toEqual(scores(await table.rank(`"${word(999)}" OR "${word(0)}"`, 10)));
    // Never the plain query: the common word is only ever ranked ANDed with the rare one.
    expect(seen).toEqual([`"${word(999)}"`, `("${word(999)}") AND ("${word(0)}")`]);
  });

  it('does not split when the floor is under the common words\' bound, though only just: a passage of common words alone wins', async () => {
    // Planted at the margin (scores from FTS5's BM25, avgdl ≈ 11.5): the rare word's 20 long
    // passages score ~1.45, under the common word's bound (~1.86); its one short passage
    // saying it ten times scores ~1.68 and belongs in the top 5. A floor taken too high
    // (× 1.5) would split and lose that passage.
    const [rare, common, filler, other] = [999, 0, 794, 874];
    const passages = [
      ...Array.from({ length: 20 }, () => ({ base: 1, words: [rare, ...Array<number>(57).fill(filler)] })),
      { base: 1, words: Array<number>(10).fill(common) },
      ...Array.from({ length: 299 }, () => ({ base: 1, words: [common, ...Array<number>(10).fill(filler)] })),
      ...Array.from({ length: 680 }, () => ({ base: 1, words: Array<number>(10).fill(other) })),
    ];
    const table = plantedTable(passages);
    const words = [word(rare), word(common)].map((term) => ({ term, passages: table.count(term, true) }));
    const plain = await table.rank(words.map((w) => `"${w.term}"`).join(' OR '), 5);
    expect(plain[0]?.id).toBe(21);
    expect(scores(await maxScoreTopK(table.rank, words, 1000, 5, Infinity))).toEqual(scores(plain));
  });

  it('ranks alone no more passages than its budget allows, and shows every passage at its full score', async () => {
    let bounded = 0;
    const passage = fc.record({ base: fc.constant(1), words: fc.array(fc.nat(999), { minLength: 3, maxLength: 30 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(passage, { minLength: 30, maxLength: 400 }),
        fc.uniqueArray(fc.nat(999), { minLength: 2, maxLength: 8, selector: word }),
        fc.integer({ min: 1, max: 25 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (passages, question, limit, share) => {
          const table = plantedTable(passages);
          const tableRows = (await table.rows()) ?? 0;
          const words = question.map(word).map((term) => ({ term, passages: table.count(term, true) }));
          const budget = Math.floor(share * tableRows);
          const seen: string[] = [];
          const recording: RankQuery = async (match, depth) => (seen.push(match), table.rank(match, depth));
          const pruned = await maxScoreTopK(recording, words, tableRows, limit, budget);
          // Step 3's ranking alone (after step 1's one or two queries) holds the budget.
          const alone = seen.slice(2).filter((match) => !match.includes(' AND '));
          for (const match of alone) {
            const passagesOf = words.filter((w) => match.includes(`"${w.term}"`)).reduce((sum, w) => sum + w.passages, 0);
            expect(passagesOf).toBeLessThanOrEqual(budget);
          }
          // The plain ranking of everything is the oracle for each passage's full score.
          const full = new Map((await table.rank(words.map((w) => `"${w.term}"`).join(' OR '), tableRows)).map((row) => [row.id, row.rank]));
          pruned.forEach((row) => expect(row.rank).toBeCloseTo(full.get(row.id) ?? NaN, 9));
          expect(pruned.map((row) => row.rank)).toEqual([...pruned.map((row) => row.rank)].sort((a, b) => a - b));
          // Scores compared to 1e-9: FTS5 sums an AND's phrases in another order than an OR's.
          if (words.reduce((sum, w) => sum + w.passages, 0) <= budget) {
            const plain = scores(await table.rank(words.map((w) => `"${w.term}"`).join(' OR '), limit));
            expect(scores(pruned)).toHaveLength(plain.length);
            scores(pruned).forEach((score, i) => expect(score).toBeCloseTo(plain[i] ?? NaN, 9));
          }
          const exact = await maxScoreTopK(table.rank, words, tableRows, limit, Infinity);
          const rounded = (rows: readonly RankedRow[]) => scores(rows).map((score) => score.toFixed(9)).join();
          if (rounded(exact) !== rounded(pruned)) bounded += 1;
        },
      ),
      { numRuns: 100 },
    );
    // The budget changed some answers: the runs above did reach the bounded path.
    expect(bounded).toBeGreaterThan(0);
  });

  it('finds nothing for no words, without asking FTS5 (an empty MATCH is a syntax error)', async () => {
    const never: RankQuery = async () => expect.fail('no query for no words');
    expect(await maxScoreTopK(never, [], 1000, 10)).toEqual([]);
  });

  it('bounds a word by IDF · (k1 + 1), the IDF as FTS5 floors it', () => {
    expect(bm25Bound(10, 1000)).toBeCloseTo(Math.log(990.5 / 10.5) * 2.2, 12);
    expect(bm25Bound(900, 1000)).toBe(1e-6 * 2.2);
  });

  it('reads SQLite varints of one to nine bytes', () => {
    expect(readVarint(Uint8Array.from([0x05]))).toBe(5);
    expect(readVarint(Uint8Array.from([0x86, 0x8d, 0x20]))).toBe(100_000);
    expect(readVarint(Uint8Array.from([0x80]))).toBeUndefined();
  });
});
