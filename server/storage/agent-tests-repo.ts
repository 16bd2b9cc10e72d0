/**
 * Agent tests and their attachments to agents. A test is created for one agent (its
 * owner, always attached) and may be attached to others of the same workspace.
 */
import { sql, type Kysely } from 'kysely';
import type { TestType } from '../../shared/api/agent-test-config.ts';
import { runStatusSchema, type RunStatus } from '../../shared/api/agent-test-runs-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import { toAgentTest, type AgentTestRecord } from './agent-test-records.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';

/** A test about to be stored: a record without what the database assigns. */
export type NewAgentTest = Omit<AgentTestRecord, 'id' | 'publicId' | 'createdAt' | 'updatedAt' | 'startState' | 'passThreshold'> &
  Partial<Pick<AgentTestRecord, 'startState' | 'passThreshold'>>;

export type AgentTestPatch = Partial<Omit<NewAgentTest, 'workspaceId' | 'agentId'>>;

export interface TestListFilter {
  agentId?: number | undefined;
  type?: TestType | undefined;
  /** The status of the test's latest run. */
  lastStatus?: RunStatus | undefined;
  folderId?: number | undefined;
  search?: string | undefined;
  limit: number;
  /** The last id of the previous page (newest first). */
  after?: number | undefined;
}

export interface LastRun {
  publicId: string;
  status: RunStatus;
  completedAt: string | null;
}

export type AgentTestsRepo = ReturnType<typeof createAgentTestsRepo>;

/** `%` and `_` are wildcards of LIKE: a search for them means the characters themselves. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createAgentTestsRepo(db: Kysely<Database>, clock: Clock) {
  const columnsOf = (patch: AgentTestPatch) => ({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.definition !== undefined ? { type: patch.definition.type, config: JSON.stringify(patch.definition.config) } : {}),
    ...(patch.variables !== undefined ? { variables: JSON.stringify(patch.variables) } : {}),
    ...(patch.folderId !== undefined ? { folder_id: patch.folderId } : {}),
    ...(patch.toolMockConfig !== undefined ? { tool_mock_config: patch.toolMockConfig === null ? null : JSON.stringify(patch.toolMockConfig) } : {}),
    ...(patch.repeat !== undefined ? { repeat: patch.repeat } : {}),
    ...(patch.startState !== undefined ? { start_state: patch.startState === null ? null : JSON.stringify(patch.startState) } : {}),
    ...(patch.passThreshold !== undefined ? { pass_threshold: patch.passThreshold } : {}),
  });

  return {
    async create(input: NewAgentTest): Promise<AgentTestRecord> {
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('agent_tests')
          .values({
            public_id: `test_${newUlid()}`,
            workspace_id: input.workspaceId,
            agent_id: input.agentId,
            name: input.name,
            description: input.description,
            type: input.definition.type,
            config: JSON.stringify(input.definition.config),
            variables: JSON.stringify(input.variables),
            folder_id: input.folderId,
            tool_mock_config: input.toolMockConfig === null ? null : JSON.stringify(input.toolMockConfig),
            repeat: input.repeat,
            start_state: input.startState ? JSON.stringify(input.startState) : null,
            pass_threshold: input.passThreshold ?? 1,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto('agent_test_attachments').values({ test_id: row.id, agent_id: input.agentId, created_at: now }).execute();
        return toAgentTest(row);
      });
    },

    async find(workspaceId: number, publicId: string): Promise<AgentTestRecord | undefined> {
      const row = await db.selectFrom('agent_tests').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? toAgentTest(row) : undefined;
    },

    /** The workspace's tests among `publicIds`, by public id; unknown ids are left out. */
    async findMany(workspaceId: number, publicIds: readonly string[]): Promise<Map<string, AgentTestRecord>> {
      if (publicIds.length === 0) return new Map();
      const rows = await db.selectFrom('agent_tests').selectAll().where('workspace_id', '=', workspaceId).where('public_id', 'in', [...new Set(publicIds)]).execute();
      return new Map(rows.map((row) => [row.public_id, toAgentTest(row)]));
    },

    async findById(id: number): Promise<AgentTestRecord | undefined> {
      const row = await db.selectFrom('agent_tests').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAgentTest(row) : undefined;
    },

    async update(test: AgentTestRecord, patch: AgentTestPatch): Promise<AgentTestRecord> {
      const row = await db
        .updateTable('agent_tests')
        .set({ ...columnsOf(patch), updated_at: isoNow(clock) })
        .where('id', '=', test.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAgentTest(row);
    },

    /** Deletes the test with its attachments and runs. */
    async remove(test: AgentTestRecord): Promise<void> {
      await db.deleteFrom('agent_tests').where('id', '=', test.id).execute();
    },

    /** A page of the workspace's tests, newest first. */
    async list(workspaceId: number, filter: TestListFilter): Promise<AgentTestRecord[]> {
      let query = db.selectFrom('agent_tests as t').selectAll('t').where('t.workspace_id', '=', workspaceId);
      if (filter.type) query = query.where('t.type', '=', filter.type);
      if (filter.folderId !== undefined) query = query.where('t.folder_id', '=', filter.folderId);
      if (filter.search) query = query.where(sql<boolean>`lower(${sql.ref('t.name')}) like ${likePattern(filter.search)} escape '\\'`);
      if (filter.after !== undefined) query = query.where('t.id', '<', filter.after);
      if (filter.agentId !== undefined) {
        const agentId = filter.agentId;
        query = query.where((eb) =>
          eb.exists(eb.selectFrom('agent_test_attachments as a').select('a.test_id').whereRef('a.test_id', '=', 't.id').where('a.agent_id', '=', agentId)),
        );
      }
      if (filter.lastStatus) {
        const status = filter.lastStatus;
        query = query.where((eb) =>
          eb(eb.selectFrom('agent_test_runs as r').select('r.status').whereRef('r.test_id', '=', 't.id').orderBy('r.id', 'desc').limit(1), '=', status),
        );
      }
      const rows = await query.orderBy('t.id', 'desc').limit(filter.limit).execute();
      return rows.map(toAgentTest);
    },

    /** Every test attached to an agent, oldest first. */
    async forAgent(agentId: number): Promise<AgentTestRecord[]> {
      const rows = await db
        .selectFrom('agent_tests as t')
        .innerJoin('agent_test_attachments as a', 'a.test_id', 't.id')
        .selectAll('t')
        .where('a.agent_id', '=', agentId)
        .orderBy('t.id')
        .execute();
      return rows.map(toAgentTest);
    },

    /** Internal ids of the live agents each test is attached to. */
    async attachedAgents(testIds: number[]): Promise<Map<number, { id: number; publicId: string }[]>> {
      const result = new Map<number, { id: number; publicId: string }[]>(testIds.map((id) => [id, []]));
      if (testIds.length === 0) return result;
      const rows = await db
        .selectFrom('agent_test_attachments as a')
        .innerJoin('agents as g', 'g.id', 'a.agent_id')
        .select(['a.test_id', 'g.id', 'g.public_id'])
        .where('a.test_id', 'in', testIds)
        .where('g.deleted_at', 'is', null)
        .orderBy('a.created_at')
        .orderBy('g.id')
        .execute();
      for (const row of rows) result.get(row.test_id)?.push({ id: row.id, publicId: row.public_id });
      return result;
    },

    /** The public ids of agents by internal id, deleted ones included (a test keeps its owner). */
    async agentPublicIds(agentIds: number[]): Promise<Map<number, string>> {
      if (agentIds.length === 0) return new Map();
      const rows = await db.selectFrom('agents').select(['id', 'public_id']).where('id', 'in', [...new Set(agentIds)]).execute();
      return new Map(rows.map((row) => [row.id, row.public_id]));
    },

    async lastRuns(testIds: number[]): Promise<Map<number, LastRun>> {
      if (testIds.length === 0) return new Map();
      const latest = db.selectFrom('agent_test_runs').select((eb) => eb.fn.max('id').as('id')).where('test_id', 'in', testIds).groupBy('test_id');
      const rows = await db.selectFrom('agent_test_runs').select(['test_id', 'public_id', 'status', 'completed_at']).where('id', 'in', latest).execute();
      return new Map(rows.map((row) => [row.test_id, { publicId: row.public_id, status: runStatusSchema.parse(row.status), completedAt: row.completed_at }]));
    },

    /** Attach; attaching twice is not an error. */
    async attach(testId: number, agentId: number): Promise<void> {
      await db
        .insertInto('agent_test_attachments')
        .values({ test_id: testId, agent_id: agentId, created_at: isoNow(clock) })
        .onConflict((oc) => oc.columns(['test_id', 'agent_id']).doNothing())
        .execute();
    },

    async detach(testId: number, agentId: number): Promise<void> {
      await db.deleteFrom('agent_test_attachments').where('test_id', '=', testId).where('agent_id', '=', agentId).execute();
    },
  };
}
