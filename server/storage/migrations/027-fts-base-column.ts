import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Full-text search filters by knowledge base inside the FTS5 table (issue #17: p99 ≤ 20 ms at
 * 100k passages). Before, every match of the query was joined to `knowledge_passages` to read
 * its base — one random row read per match, most of a search's time at 100k passages. The
 * table is rebuilt with the base's id as an UNINDEXED column (stored beside the index since
 * SQLite 3.47's `contentless_unindexed`): FTS5 ranks the matches, the filter reads the small
 * column of the best ones until the limit is met, and only the passages shown are read.
 * Postgres filters on its own indexed column: nothing to do. Beware: SQLite 3.53 leaves such
 * a table's `_content` shadow behind on DROP TABLE (and refuses to drop it after), so a later
 * rebuild must give the new table another name.
 */
export function ftsBaseColumnMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      await sql`DROP TRIGGER knowledge_passages_fts_insert`.execute(db);
      await sql`DROP TRIGGER knowledge_passages_fts_delete`.execute(db);
      await sql`DROP TABLE knowledge_passages_fts`.execute(db);
      await sql`CREATE VIRTUAL TABLE knowledge_passages_fts USING fts5(headings, text, knowledge_base_id UNINDEXED,
        content='', contentless_delete=1, contentless_unindexed=1, tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
      await sql`INSERT INTO knowledge_passages_fts (rowid, headings, text, knowledge_base_id)
        SELECT p.id, d.title || ' ' || p.heading_path, p.text, p.knowledge_base_id
        FROM knowledge_passages p JOIN knowledge_documents d ON d.id = p.document_id`.execute(db);
      await sql`CREATE TRIGGER knowledge_passages_fts_insert AFTER INSERT ON knowledge_passages BEGIN
        INSERT INTO knowledge_passages_fts (rowid, headings, text, knowledge_base_id)
        VALUES (new.id, (SELECT title FROM knowledge_documents WHERE id = new.document_id) || ' ' || new.heading_path, new.text, new.knowledge_base_id); END`.execute(db);
      await sql`CREATE TRIGGER knowledge_passages_fts_delete AFTER DELETE ON knowledge_passages BEGIN
        DELETE FROM knowledge_passages_fts WHERE rowid = old.id; END`.execute(db);
    },
  };
}
