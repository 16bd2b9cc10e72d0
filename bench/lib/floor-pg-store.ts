/**
 * The Postgres turn floor: a `pg` Pool the size of Parley's (server/storage/database.ts),
 * named prepared statements, and the turn's writes in one BEGIN … COMMIT on one pooled
 * client. Seven round trips: key, session, BEGIN, update, insert, last 20, COMMIT.
 */
import pg from 'pg';
import { z } from 'zod';
import { RECENT_COLUMNS, RECENT_LIMIT, type FloorStore } from './floor-store.ts';
import type { TurnTemplate } from './turn-template.ts';

/** Parley's pool size (openPostgres in server/storage/database.ts). */
export const PARLEY_POOL_SIZE = 10;

/** `schema`: run in that schema, as Parley's tests do (each test file owns one). */
export function openFloorPool(url: string, schema?: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: PARLEY_POOL_SIZE, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
}

const keyRow = z.object({ workspace_id: z.number() });
const sessionRow = z.looseObject({
  workspace_id: z.number(),
  agent_id: z.number(),
  agent_version: z.number(),
  revision: z.number(),
  current_branch: z.string(),
  message_count: z.number(),
  snapshot: z.string().nullable(),
});

const statements = {
  key: 'select workspace_id from api_keys where key_hash = $1',
  session: 'select * from sessions where id = $1',
  update: 'update sessions set revision = $1, message_count = $2, updated_at = $3, snapshot = $4, node = $5, variables = $6, expires_at = $7 where id = $8 and revision = $9',
  insert:
    'insert into messages (session_id, branch_id, idx, role, author, content, choices, snapshot, turn, feedback, created_at, agent_id, agent_version) values ' +
    "($1, $2, $3, 'user', 'user', $4, null, null, null, null, $5, $6, $7), ($1, $2, $8, 'assistant', 'agent', $9, null, $10, $11, null, $5, $6, $7)",
  recent: `select ${RECENT_COLUMNS} from messages where session_id = $1 and branch_id = $2 order by idx desc limit ${RECENT_LIMIT}`,
} as const;

const query = (name: keyof typeof statements, values: unknown[]) => ({ name: `floor_${name}`, text: statements[name], values });

export function createPgFloorStore(pool: pg.Pool, template: TurnTemplate): FloorStore {
  return {
    async turn({ keyHash, sessionId, content, at, expiresAt }) {
      const key = keyRow.safeParse((await pool.query(query('key', [keyHash]))).rows[0]);
      if (!key.success) return { kind: 'unauthorized' };
      const parsed = sessionRow.safeParse((await pool.query(query('session', [sessionId]))).rows[0]);
      if (!parsed.success || parsed.data.workspace_id !== key.data.workspace_id) return { kind: 'not_found' };
      const session = parsed.data;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const updated = await client.query(
          query('update', [session.revision + 1, session.message_count + 2, at, template.snapshot, template.node, template.variables, expiresAt, sessionId, session.revision]),
        );
        if (updated.rowCount !== 1) {
          await client.query('ROLLBACK');
          return { kind: 'conflict' };
        }
        const index = session.message_count;
        await client.query(
          query('insert', [sessionId, session.current_branch, index, content, at, session.agent_id, session.agent_version, index + 1, template.reply, template.snapshot, template.turn]),
        );
        const recent = await client.query(query('recent', [sessionId, session.current_branch]));
        await client.query('COMMIT');
        return { kind: 'ok', index: index + 1, revision: session.revision + 1, recentMessages: recent.rowCount ?? 0 };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
