import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import type { Database } from './schema.ts';

export interface Workspace {
  id: number;
  name: string;
  created_at: string;
}

export type WorkspacesRepo = ReturnType<typeof createWorkspacesRepo>;

export function createWorkspacesRepo(db: Kysely<Database>, clock: Clock) {
  return {
    async create(name: string): Promise<Workspace> {
      const row = await db
        .insertInto('workspaces')
        .values({ name, settings: '{}', created_at: isoNow(clock) })
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
      return row;
    },

    async get(id: number): Promise<Workspace | undefined> {
      return db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('workspaces').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async first(): Promise<Workspace | undefined> {
      return db.selectFrom('workspaces').select(['id', 'name', 'created_at']).orderBy('id').limit(1).executeTakeFirst();
    },
  };
}
