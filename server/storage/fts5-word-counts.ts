/**
 * How many rows of the knowledge passages' FTS5 index hold each word, read from the
 * index's own vocabulary (an `fts5vocab` table of type `row`): one seek a word and its
 * doclist walked in C, deletions honoured. Counting `MATCH` rows instead took about 1 µs
 * a row through SQLite's virtual machine — ~10 ms for a question's common words at 100k
 * passages, where the vocabulary answers in well under one (issue #17).
 *
 * The vocabulary holds tokens ("hacker"), a question holds words ("Hackers"). The words
 * are turned into tokens by FTS5 itself, with the index's own tokenizer, through a scratch
 * FTS5 table in the connection's temp schema and its `instance` vocabulary — no second
 * stemmer to disagree with SQLite's. A word's token never changes, so it is kept. A word
 * that is not exactly one token is left out: the caller counts it by `MATCH`.
 *
 * The whole table only: the vocabulary cannot filter by base.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

/** The tokenizer of `knowledge_passages_fts` (migrations 019 and 027); a test holds them equal. */
export const PASSAGE_TOKENIZER = 'porter unicode61 remove_diacritics 2';

/** Words whose tokens are kept; a miss costs one round through the scratch table. */
const MAX_TOKENS = 50_000;

/**
 * Each call writes its words under rowids of its own, from one count for the whole process
 * (several counters may share a connection): searches run at once on the one SQLite
 * connection, and their statements interleave between awaits.
 */
let lastRowid = 0;

export function createFts5WordCounts(db: QueryExecutorProvider) {
  let ready: Promise<void> | undefined;
  /** A word's token, or null when the tokenizer makes it more or less than one. */
  const tokens = new Map<string, string | null>();

  // Temp schema: each connection's own, gone with it, and never in the database file or a backup.
  const setUp = async (): Promise<void> => {
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_query_words USING fts5(word, tokenize=${sql.lit(PASSAGE_TOKENIZER)})`.execute(db);
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_query_tokens USING fts5vocab(temp, parley_query_words, 'instance')`.execute(db);
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_passage_vocabulary USING fts5vocab(main, knowledge_passages_fts, 'row')`.execute(db);
  };

  async function tokenize(words: readonly string[]): Promise<void> {
    const unknown = words.filter((word) => !tokens.has(word));
    if (unknown.length === 0) return;
    const first = lastRowid + 1;
    const last = (lastRowid += unknown.length);
    await sql`INSERT INTO temp.parley_query_words (rowid, word) VALUES ${sql.join(unknown.map((word, i) => sql`(${first + i}, ${word})`))}`.execute(db);
    try {
      const { rows } = await sql<{ doc: number; term: string }>`SELECT doc, term FROM temp.parley_query_tokens WHERE doc BETWEEN ${first} AND ${last}`.execute(db);
      const made = new Map<number, string[]>();
      for (const row of rows) made.set(row.doc, [...(made.get(row.doc) ?? []), row.term]);
      if (tokens.size + unknown.length > MAX_TOKENS) tokens.clear();
      unknown.forEach((word, i) => {
        const of = made.get(first + i) ?? [];
        tokens.set(word, of.length === 1 ? (of[0] ?? null) : null);
      });
    } finally {
      await sql`DELETE FROM temp.parley_query_words WHERE rowid BETWEEN ${first} AND ${last}`.execute(db);
    }
  }

  /**
   * The rows holding each of `words` (one token each; the others are not in the answer).
   * @example await counts(['hackers', 'kluge']) // Map { 'hackers' => 9973, 'kluge' => 12 }
   */
  return async function countWords(words: readonly string[]): Promise<Map<string, number>> {
    ready ??= setUp().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    await tokenize(words);
    const wanted = [...new Set(words.flatMap((word) => tokens.get(word) ?? []))];
    const counted = new Map<string, number>();
    if (wanted.length === 0) return counted;
    const { rows } = await sql<{ term: string; doc: number }>`SELECT term, doc FROM temp.parley_passage_vocabulary
      WHERE term IN (${sql.join(wanted)})`.execute(db);
    const byToken = new Map(rows.map((row) => [row.term, Number(row.doc)]));
    for (const word of words) {
      const token = tokens.get(word);
      // A token the index does not hold: no row has the word.
      if (token) counted.set(word, byToken.get(token) ?? 0);
    }
    return counted;
  };
}
