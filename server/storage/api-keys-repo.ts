import type { Kysely } from 'kysely';
import { generateApiKey, hashSecret, keyPrefix } from '../auth/api-key.ts';
import { isoNow, type Clock } from '../clock.ts';
import type { Database } from './schema.ts';
import { createSqlRunner } from './sql-runner.ts';
import { createStatementCache } from './statement-cache.ts';

export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;

export function createApiKeysRepo(db: Kysely<Database>, clock: Clock) {
  const runner = createSqlRunner(db);
  const statements = createStatementCache();
  async function insert(workspaceId: number, key: string, name: string): Promise<void> {
    await db
      .insertInto('api_keys')
      .values({ workspace_id: workspaceId, key_hash: hashSecret(key), key_prefix: keyPrefix(key), name, created_at: isoNow(clock) })
      .execute();
  }

  return {
    /** Create a key and return it in full: the only time it is ever available. */
    async create(workspaceId: number, name = 'default'): Promise<string> {
      const key = generateApiKey();
      await insert(workspaceId, key, name);
      return key;
    },

    /** Install a key chosen outside (PARLEY_API_KEY); a no-op when it is already there. */
    async install(workspaceId: number, key: string, name = 'PARLEY_API_KEY'): Promise<void> {
      const existing = await db.selectFrom('api_keys').select('id').where('key_hash', '=', hashSecret(key)).executeTakeFirst();
      if (!existing) await insert(workspaceId, key, name);
    },

    async workspaceOf(key: string): Promise<number | undefined> {
      const [row] = await runner.rows(
        statements.compiled('workspace by key', (param) => db.selectFrom('api_keys').select('workspace_id').where('key_hash', '=', param<string>('hash')), { hash: hashSecret(key) }),
      );
      return row?.workspace_id;
    },
  };
}
