/**
 * The SQLite turn floor: better-sqlite3 with the pragmas Parley sets
 * (server/storage/database.ts) and its WAL checkpoints in a worker thread as Parley's
 * are (server/storage/sqlite-checkpointer.ts), every statement prepared once, the turn's
 * writes in one `BEGIN … COMMIT` like Parley's transaction.
 */
import SqliteDatabase from 'better-sqlite3';
import { z } from 'zod';
import { startSqliteCheckpointer } from '../../server/storage/sqlite-checkpointer.ts';
import { RECENT_COLUMNS, RECENT_LIMIT, type FloorStore } from './floor-store.ts';
import type { TurnTemplate } from './turn-template.ts';

/** Parley's pragmas, in its order; floor-app.test.ts checks they still match. */
export const FLOOR_SQLITE_PRAGMAS = ['journal_mode = WAL', 'foreign_keys = ON', 'busy_timeout = 5000', 'synchronous = NORMAL'] as const;

/** The pragmas Parley's checkpointer sets besides (floor-app.test.ts compares them too). */
export const FLOOR_CHECKPOINT_PRAGMAS = ['wal_autocheckpoint'] as const;

export interface FloorSqlite {
  sqlite: SqliteDatabase.Database;
  close(): Promise<void>;
}

export function openFloorSqlite(path: string): FloorSqlite {
  const sqlite = new SqliteDatabase(path);
  for (const pragma of FLOOR_SQLITE_PRAGMAS) sqlite.pragma(pragma);
  const checkpointer = startSqliteCheckpointer(sqlite, path);
  return {
    sqlite,
    async close() {
      await checkpointer.stop();
      sqlite.close();
    },
  };
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

export function createSqliteFloorStore({ sqlite, close }: FloorSqlite, template: TurnTemplate): FloorStore {
  const selectKey = sqlite.prepare('select workspace_id from api_keys where key_hash = ?');
  const selectSession = sqlite.prepare('select * from sessions where id = ?');
  const updateSession = sqlite.prepare(
    'update sessions set revision = ?, message_count = ?, updated_at = ?, snapshot = ?, node = ?, variables = ?, expires_at = ? where id = ? and revision = ?',
  );
  const insertMessages = sqlite.prepare(
    'insert into messages (session_id, branch_id, idx, role, author, content, choices, snapshot, turn, feedback, created_at, agent_id, agent_version) values ' +
      "(?, ?, ?, 'user', 'user', ?, null, null, null, null, ?, ?, ?), (?, ?, ?, 'assistant', 'agent', ?, null, ?, ?, null, ?, ?, ?)",
  );
  const selectRecent = sqlite.prepare(`select ${RECENT_COLUMNS} from messages where session_id = ? and branch_id = ? order by idx desc limit ${RECENT_LIMIT}`);

  // better-sqlite3's transaction(): BEGIN (deferred, as Kysely's), COMMIT, or ROLLBACK on a throw.
  const commit = sqlite.transaction((id: number, session: z.infer<typeof sessionRow>, content: string, at: string, expiresAt: string) => {
    const { changes } = updateSession.run(session.revision + 1, session.message_count + 2, at, template.snapshot, template.node, template.variables, expiresAt, id, session.revision);
    if (changes !== 1) return undefined;
    const { current_branch: branch, message_count: index, agent_id: agent, agent_version: version } = session;
    insertMessages.run(id, branch, index, content, at, agent, version, id, branch, index + 1, template.reply, template.snapshot, template.turn, at, agent, version);
    return selectRecent.all(id, branch).length;
  });

  return {
    async turn({ keyHash, sessionId, content, at, expiresAt }) {
      const key = keyRow.safeParse(selectKey.get(keyHash));
      if (!key.success) return { kind: 'unauthorized' };
      const session = sessionRow.safeParse(selectSession.get(sessionId));
      if (!session.success || session.data.workspace_id !== key.data.workspace_id) return { kind: 'not_found' };
      const recentMessages = commit(sessionId, session.data, content, at, expiresAt);
      if (recentMessages === undefined) return { kind: 'conflict' };
      return { kind: 'ok', index: session.data.message_count + 1, revision: session.data.revision + 1, recentMessages };
    },
    close,
  };
}
