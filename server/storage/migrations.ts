/**
 * Runs the in-code migrations with Kysely's Migrator. Each migration is a factory taking
 * the dialect, because the two engines spell auto-increment ids differently.
 */
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Database } from './schema.ts';
import type { DialectName } from './dialect-name.ts';
import { foundationMigration } from './migrations/001-foundation.ts';
import { sessionsMigration } from './migrations/002-sessions.ts';
import { runLeasesMigration } from './migrations/005-run-leases.ts';
import { agentTestsMigration } from './migrations/003-agent-tests.ts';
import { callsWebhooksMigration } from './migrations/004-calls-webhooks.ts';
import { messageAgentsMigration } from './migrations/006-message-agents.ts';
import { sessionEntryAgentMigration } from './migrations/007-session-entry-agent.ts';
import { fairTestQueueMigration } from './migrations/008-fair-test-queue.ts';
import { webhookOutboxMigration } from './migrations/009-webhook-outbox.ts';
import { demoToolPathsMigration } from './migrations/010-demo-tool-paths.ts';
import { peopleMigration } from './migrations/011-people.ts';
import { appendKeysMigration } from './migrations/012-append-keys.ts';
import { shareLinksMigration } from './migrations/013-share-links.ts';
import { verifiedVisitorsMigration } from './migrations/014-verified-visitors.ts';
import { inboxClaimsMigration } from './migrations/015-inbox-claims.ts';
import { savedRepliesMigration } from './migrations/016-saved-replies.ts';
import { webhookLogMigration } from './migrations/018-webhook-log.ts';
import { knowledgeBasesMigration } from './migrations/019-knowledge-bases.ts';
import { testStartStatesMigration } from './migrations/020-test-start-states.ts';
import { rateLimitBucketsMigration } from './migrations/021-rate-limit-buckets.ts';
import { dataGovernanceMigration } from './migrations/022-data-governance.ts';
import { replaysMigration } from './migrations/023-replays.ts';
import { inlineKnowledgeMigration } from './migrations/024-inline-knowledge.ts';
import { passageEmbeddingsMigration } from './migrations/025-passage-embeddings.ts';
import { passageVectorIndexMigration } from './migrations/026-passage-vector-index.ts';
import { ftsBaseColumnMigration } from './migrations/027-fts-base-column.ts';
import { postgresPassageBitsMigration } from './migrations/028-postgres-passage-bits.ts';
import { sampledVectorPartitionMigration } from './migrations/029-sampled-vector-partition.ts';
import { accessGenerationMigration } from './migrations/031-access-generation.ts';
import { documentPassageCountsMigration } from './migrations/032-document-passage-counts.ts';
import { passageGenerationMigration } from './migrations/033-passage-generation.ts';

export type MigrationFactory = (dialect: DialectName) => Migration;

/** Ordered by name; append new ones, never edit a released one. */
const MIGRATIONS: Record<string, MigrationFactory> = {
  '001-foundation': foundationMigration,
  '002-sessions': sessionsMigration,
  '003-agent-tests': agentTestsMigration,
  '004-calls-webhooks': callsWebhooksMigration,
  '005-run-leases': runLeasesMigration,
  '006-message-agents': messageAgentsMigration,
  '007-session-entry-agent': sessionEntryAgentMigration,
  '008-fair-test-queue': fairTestQueueMigration,
  '009-webhook-outbox': webhookOutboxMigration,
  '010-demo-tool-paths': demoToolPathsMigration,
  '011-people': peopleMigration,
  '012-append-keys': appendKeysMigration,
  '013-share-links': shareLinksMigration,
  '014-verified-visitors': verifiedVisitorsMigration,
  '015-inbox-claims': inboxClaimsMigration,
  '016-saved-replies': savedRepliesMigration,
  '018-webhook-log': webhookLogMigration,
  '019-knowledge-bases': knowledgeBasesMigration,
  '020-test-start-states': testStartStatesMigration,
  '021-rate-limit-buckets': rateLimitBucketsMigration,
  '022-data-governance': dataGovernanceMigration,
  '023-replays': replaysMigration,
  '024-inline-knowledge': inlineKnowledgeMigration,
  '025-passage-embeddings': passageEmbeddingsMigration,
  '026-passage-vector-index': passageVectorIndexMigration,
  '027-fts-base-column': ftsBaseColumnMigration,
  '028-postgres-passage-bits': postgresPassageBitsMigration,
  '029-sampled-vector-partition': sampledVectorPartitionMigration,
  '031-access-generation': accessGenerationMigration,
  '032-document-passage-counts': documentPassageCountsMigration,
  '033-passage-generation': passageGenerationMigration,
};

/** The names of this code's migrations, in order (a restore refuses a database that ran others). */
export function knownMigrationNames(): string[] {
  return Object.keys(MIGRATIONS);
}

/**
 * `schema` (Postgres) keeps Kysely's bookkeeping tables in the same schema as the data:
 * its existence check looks across all schemas, so another schema's tables would fool it.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName, schema?: string): Promise<void> {
  const { error } = await migratorFor(db, dialect, schema).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Runs this code's migrations up to `name` and no further (a test of a later migration starts there). */
export async function migrateUpTo(db: Kysely<Database>, dialect: DialectName, name: string): Promise<void> {
  const { error } = await migratorFor(db, dialect, undefined).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** The names of this code's migrations the database has not run yet (readiness: `[]` once migrated). */
export async function pendingMigrations(db: Kysely<Database>, dialect: DialectName, schema?: string): Promise<string[]> {
  const known = await migratorFor(db, dialect, schema).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

function migratorFor(db: Kysely<Database>, dialect: DialectName, schema: string | undefined): Migrator {
  const migrations = Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)]));
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
}
