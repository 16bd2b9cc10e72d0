import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { freshSqliteForSuite } from '../../../test/helpers/test-databases.ts';
import { searchedPassagesQuery } from '../knowledge-search-repo.ts';

describe('migration 032: the searched passages are summed from an index', () => {
  const opened = freshSqliteForSuite();

  it('reads no document row, whose passage count sits behind its whole content', async () => {
    const { db } = opened().database;
    const query = searchedPassagesQuery(db, [1, 2]).compile();
    const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
    expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(/USING COVERING INDEX knowledge_documents_base_passages_idx/);
  });
});
