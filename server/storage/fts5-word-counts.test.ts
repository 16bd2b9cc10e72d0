import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshSqliteForSuite } from '../../test/helpers/test-databases.ts';
import { createFts5WordCounts, PASSAGE_TOKENIZER } from './fts5-word-counts.ts';

describe('createFts5WordCounts', () => {
  const opened = freshSqliteForSuite();
  beforeAll(async () => {
    const { db } = opened().database;
    // The index alone (no passages table behind it): what the vocabulary reads.
    const texts = ['Hackers hack the kernel', 'A hacker’s café', 'kernel panic', 'Café society', 'the end'];
    for (const [i, text] of texts.entries()) {
      await sql`INSERT INTO knowledge_passages_fts (rowid, headings, text, knowledge_base_id) VALUES (${i + 1}, ${'Guide'}, ${text}, 1)`.execute(db);
    }
    await sql`DELETE FROM knowledge_passages_fts WHERE rowid = 3`.execute(db);
  });

  it('tokenizes as the passages index does', async () => {
    const { rows } = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'knowledge_passages_fts'`.execute(opened().database.db);
    expect(rows[0]?.sql).toContain(`tokenize='${PASSAGE_TOKENIZER}'`);
  });

  it('counts the rows holding each word, stemmed and folded, deletions honoured, as MATCH does', async () => {
    const { db } = opened().database;
    const countWords = createFts5WordCounts(db);
    const words = ['hackers', 'kernel', 'cafe', 'guide', 'missing'];
    const counted = await countWords(words);
    expect(Object.fromEntries(counted)).toEqual({ hackers: 2, kernel: 1, cafe: 2, guide: 4, missing: 0 });
    for (const word of words) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM knowledge_passages_fts WHERE knowledge_passages_fts MATCH ${`"${word}"`}`.execute(db);
      expect(counted.get(word)).toBe(rows[0]?.n);
    }
    // Asked again (the tokens are kept): the same counts.
    expect(Object.fromEntries(await countWords(['kernel', 'hackers']))).toEqual({ kernel: 1, hackers: 2 });
  });

  it('serves searches that run at once, each its own words', async () => {
    const countWords = createFts5WordCounts(opened().database.db);
    const [first, second] = await Promise.all([countWords(['hackers', 'cafe']), countWords(['kernel', 'guide', 'end'])]);
    expect(Object.fromEntries(first)).toEqual({ hackers: 2, cafe: 2 });
    expect(Object.fromEntries(second)).toEqual({ kernel: 1, guide: 4, end: 1 });
  });

  it('leaves out what is not exactly one token, for the caller to count by MATCH', async () => {
    const counted = await createFts5WordCounts(opened().database.db)(['kernel panic', '--', 'kernel']);
    expect(Object.fromEntries(counted)).toEqual({ kernel: 1 });
  });
});
