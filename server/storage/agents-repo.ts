/**
 * Agents and their workflow versions. Every query is scoped by workspace: another
 * workspace's agent is simply not found.
 */
import { randomBytes } from 'node:crypto';
import { type Compilable, type Kysely, type Selectable } from 'kysely';
import { agentConfigSchema, type AgentConfig } from '../../shared/agent-schema.ts';
import { AGENT_ID_PATTERN, parsePositiveInt } from '../../shared/ids.ts';
import { hashSecret } from '../auth/api-key.ts';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { isoNow, type Clock } from '../clock.ts';
import { parseJsonColumn } from './json-column.ts';
import type { KeyUse } from './api-keys-repo.ts';
import { auditedTransaction, type AuditOf } from './audit-log-repo.ts';
import type { AgentsTable, AgentVersionsTable, Database } from './schema.ts';
import { generationReader } from './generation-counter.ts';
import { memoizeKeyReach } from './key-reach-memo.ts';
import { createSqlRunner } from './sql-runner.ts';
import { sqliteGateOf } from './sqlite-gate.ts';
import { createStatementCache, type Param } from './statement-cache.ts';

/** What an API key reaches under an agent id: its workspace and, when that workspace has it, the agent. */
export interface KeyReach {
  workspaceId: number;
  key: KeyUse;
  agent: AgentRecord | undefined;
}

export interface AgentRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  config: AgentConfig;
  publishedVersion: number | null;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface AgentVersionRecord {
  agentId: number;
  version: number;
  workflow: WorkflowDefinition;
  createdAt: string;
  publishedAt: string | null;
}

export type AgentsRepo = ReturnType<typeof createAgentsRepo>;

/**
 * Parsed configurations by their JSON text, per repository. Every turn reads its agent,
 * and parsing the whole configuration (tools, knowledge) with zod was a visible share of
 * a turn's CPU; the same text always parses to the same value. Read-only results.
 */
function createConfigParser(max = 500): (text: string) => AgentConfig {
  const parsed = new Map<string, AgentConfig>();
  return (text) => {
    const cached = parsed.get(text);
    if (cached) return cached;
    const config = parseJsonColumn(agentConfigSchema, text, 'agent config');
    if (parsed.size >= max) parsed.delete(parsed.keys().next().value ?? '');
    parsed.set(text, config);
    return config;
  };
}

function toAgent(row: Selectable<AgentsTable>, parseConfig: (text: string) => AgentConfig): AgentRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    config: parseConfig(row.config),
    publishedVersion: row.published_version,
    latestVersion: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toVersion(row: Selectable<AgentVersionsTable>): AgentVersionRecord {
  return {
    agentId: row.agent_id,
    version: row.version,
    workflow: parseJsonColumn(workflowDefinitionSchema, row.workflow, 'workflow'),
    createdAt: row.created_at,
    publishedAt: row.published_at,
  };
}

export function createAgentsRepo(db: Kysely<Database>, clock: Clock) {
  const parseConfig = createConfigParser();
  const toAgentRecord = (row: Selectable<AgentsTable>) => toAgent(row, parseConfig);
  const live = () => db.selectFrom('agents').selectAll().where('deleted_at', 'is', null);
  const runner = createSqlRunner(db);
  const statements = createStatementCache();
  /** The first row of a compiled-once statement (statement-cache.ts). */
  const first = async <R>(shape: string, build: (param: Param) => Compilable<R>, values: Record<string, unknown>): Promise<R | undefined> =>
    (await runner.rows(statements.compiled(shape, build, values)))[0];

  async function findByKeyHash(keyHash: string, idOrPublicId: string): Promise<KeyReach | undefined> {
    const numeric = parsePositiveInt(idOrPublicId);
    const valid = numeric !== undefined || AGENT_ID_PATTERN.test(idOrPublicId);
    const byPublicId = numeric === undefined;
    const row = await first(
      `agent with key by ${byPublicId ? 'public id' : 'id'}`,
      (param) =>
        db
          .selectFrom('api_keys')
          .leftJoin('agents', (join) =>
            join
              .onRef('agents.workspace_id', '=', 'api_keys.workspace_id')
              .on('agents.deleted_at', 'is', null)
              .on(byPublicId ? 'agents.public_id' : 'agents.id', '=', param<never>('id')),
          )
          .selectAll('agents')
          .select(['api_keys.workspace_id as key_workspace_id', 'api_keys.id as key_id', 'api_keys.last_used_at as key_last_used_at'])
          .where('api_keys.key_hash', '=', param<string>('hash')),
      // An id that cannot name an agent matches none: the key is still checked.
      { hash: keyHash, id: valid ? (numeric ?? idOrPublicId) : null },
    );
    if (!row) return undefined;
    const { key_workspace_id: workspaceId, key_id: id, key_last_used_at: lastUsedAt, ...agent } = row;
    // The left join matched an agent exactly when its id is there; its other columns are then all set.
    return { workspaceId, key: { id, lastUsedAt }, agent: agent.id === null ? undefined : toAgentRecord(agent as Selectable<AgentsTable>) };
  }

  // On SQLite one process serves the file: remembered while migration 031's counter stands (key-reach-memo.ts).
  const reach = sqliteGateOf(db) ? memoizeKeyReach(findByKeyHash, generationReader(db, 'access_generation')) : findByKeyHash;

  return {
    /** Find by `agent_xxxxxxxx` or integer id, within one workspace. */
    async find(workspaceId: number, idOrPublicId: string): Promise<AgentRecord | undefined> {
      const numeric = parsePositiveInt(idOrPublicId);
      if (numeric === undefined && !AGENT_ID_PATTERN.test(idOrPublicId)) return undefined;
      const row = await (numeric === undefined
        ? first('live agent by workspace and public id', (param) => live().where('workspace_id', '=', param<number>('workspace')).where('public_id', '=', param<string>('id')), { workspace: workspaceId, id: idOrPublicId })
        : first('live agent by workspace and id', (param) => live().where('workspace_id', '=', param<number>('workspace')).where('id', '=', param<number>('id')), { workspace: workspaceId, id: numeric }));
      return row ? toAgentRecord(row) : undefined;
    },

    /**
     * What an API key reaches under `idOrPublicId`, in one statement: undefined when the key
     * is unknown, else its workspace and the agent of that workspace (undefined when none).
     * On SQLite from memory while nothing it depends on changed (key-reach-memo.ts).
     */
    findWithKey: (key: string, idOrPublicId: string): Promise<KeyReach | undefined> => reach(hashSecret(key), idOrPublicId),

    /** Find by internal id regardless of workspace: for the runtime, which got the id from a session row. */
    async findById(id: number): Promise<AgentRecord | undefined> {
      const row = await first('live agent by id', (param) => live().where('id', '=', param<number>('id')), { id });
      return row ? toAgentRecord(row) : undefined;
    },

    /** Public widget access names an agent without a key: find it across workspaces. */
    async findByPublicId(publicId: string): Promise<AgentRecord | undefined> {
      if (!AGENT_ID_PATTERN.test(publicId)) return undefined;
      const row = await first('live agent by public id', (param) => live().where('public_id', '=', param<string>('id')), { id: publicId });
      return row ? toAgentRecord(row) : undefined;
    },

    /** Newest first, `after` is the last id of the previous page. */
    async list(workspaceId: number, page: { limit: number; after?: number }): Promise<AgentRecord[]> {
      let query = live().where('workspace_id', '=', workspaceId).orderBy('id', 'desc').limit(page.limit);
      if (page.after !== undefined) query = query.where('id', '<', page.after);
      return (await query.execute()).map(toAgentRecord);
    },

    /** Create an agent; with a workflow, that workflow is version 1, published. */
    async create(workspaceId: number, config: AgentConfig, workflow?: WorkflowDefinition, audit?: AuditOf<AgentRecord>): Promise<AgentRecord> {
      const now = isoNow(clock);
      return auditedTransaction(db, () => now, async (trx) => {
        const row = await trx
          .insertInto('agents')
          .values({
            public_id: `agent_${randomBytes(4).toString('hex')}`,
            workspace_id: workspaceId,
            name: config.name,
            config: JSON.stringify(config),
            published_version: workflow ? 1 : null,
            latest_version: workflow ? 1 : 0,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (workflow) {
          await trx
            .insertInto('agent_versions')
            .values({ agent_id: row.id, version: 1, workflow: JSON.stringify(workflow), created_at: now, published_at: now })
            .execute();
        }
        return toAgentRecord(row);
      }, audit);
    },

    async updateConfig(agent: AgentRecord, config: AgentConfig, audit?: AuditOf<AgentRecord>): Promise<AgentRecord> {
      const now = isoNow(clock);
      return auditedTransaction(db, () => now, async (trx) => {
        const row = await trx
          .updateTable('agents')
          .set({ config: JSON.stringify(config), name: config.name, updated_at: now })
          .where('id', '=', agent.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAgentRecord(row);
      }, audit);
    },

    async softDelete(agent: AgentRecord, audit?: AuditOf<void>): Promise<void> {
      const now = isoNow(clock);
      await auditedTransaction(db, () => now, async (trx) => {
        await trx.updateTable('agents').set({ deleted_at: now }).where('id', '=', agent.id).execute();
      }, audit);
    },

    /** Save a workflow as the next draft version. */
    async addDraft(agent: AgentRecord, workflow: WorkflowDefinition, audit?: AuditOf<AgentVersionRecord>): Promise<AgentVersionRecord> {
      const now = isoNow(clock);
      return auditedTransaction(db, () => now, async (trx) => {
        // Bump first: the row lock serialises concurrent drafts on Postgres, and SQLite has one writer.
        const bumped = await trx
          .updateTable('agents')
          .set((eb) => ({ latest_version: eb('latest_version', '+', 1), updated_at: now }))
          .where('id', '=', agent.id)
          .returning('latest_version')
          .executeTakeFirstOrThrow();
        const row = await trx
          .insertInto('agent_versions')
          .values({ agent_id: agent.id, version: bumped.latest_version, workflow: JSON.stringify(workflow), created_at: now, published_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toVersion(row);
      }, audit);
    },

    async publish(agent: AgentRecord, version: number, audit?: AuditOf<AgentRecord>): Promise<AgentRecord> {
      const now = isoNow(clock);
      return auditedTransaction(db, () => now, async (trx) => {
        await trx.updateTable('agent_versions').set({ published_at: now }).where('agent_id', '=', agent.id).where('version', '=', version).execute();
        const row = await trx
          .updateTable('agents')
          .set({ published_version: version, updated_at: now })
          .where('id', '=', agent.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAgentRecord(row);
      }, audit);
    },

    async version(agentId: number, version: number): Promise<AgentVersionRecord | undefined> {
      const row = await first(
        'agent version',
        (param) => db.selectFrom('agent_versions').selectAll().where('agent_id', '=', param<number>('agent')).where('version', '=', param<number>('version')),
        { agent: agentId, version },
      );
      return row ? toVersion(row) : undefined;
    },

    async versions(agentId: number): Promise<AgentVersionRecord[]> {
      const rows = await db.selectFrom('agent_versions').selectAll().where('agent_id', '=', agentId).orderBy('version', 'desc').execute();
      return rows.map(toVersion);
    },
  };
}
