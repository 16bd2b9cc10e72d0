import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * A counter SQLite moves, by trigger, whenever a knowledge passage is added or removed:
 * what the full-text index holds, and so how many passages hold each word, changes with
 * these writes and only these (passages are never edited in place). A search keeps the
 * word counts it took while the counter stands (term-count-memo.ts; issue #17: counting the
 * common words of a question was a third of a search at 100k passages). Triggers, as in
 * migration 031, so that a write from any connection is seen. Postgres ranks without
 * counting words first.
 */
export function passageGenerationMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      await sql`CREATE TABLE passage_generation (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)`.execute(db);
      await sql`INSERT INTO passage_generation (id, generation) VALUES (1, 0)`.execute(db);
      for (const event of ['INSERT', 'DELETE']) {
        await sql`CREATE TRIGGER ${sql.raw(`passage_generation_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON knowledge_passages
          BEGIN UPDATE passage_generation SET generation = generation + 1 WHERE id = 1; END`.execute(db);
      }
    },
  };
}
