import type { Tracer } from '@opentelemetry/api';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { createAgentsRepo } from './agents-repo.ts';
import { createAgentTestFoldersRepo } from './agent-test-folders-repo.ts';
import { createAgentTestRunsRepo } from './agent-test-runs-repo.ts';
import { createReplaysRepo } from './replays-repo.ts';
import { createAgentTestsRepo } from './agent-tests-repo.ts';
import { createApiKeysRepo } from './api-keys-repo.ts';
import { createCallsRepo } from './calls-repo.ts';
import { createConsoleSessionsRepo } from './console-sessions-repo.ts';
import { createDebugLinksRepo } from './debug-links-repo.ts';
import { createGathersRepo } from './gathers-repo.ts';
import { createPasswordTokensRepo } from './password-tokens-repo.ts';
import type { Database } from './schema.ts';
import { createSessionEventsRepo } from './session-events-repo.ts';
import { createSessionsRepo } from './sessions-repo.ts';
import { isPostgres } from './dialect-of.ts';
import { traceSessionCommits } from './traced-transactions.ts';
import { createShareLinksRepo } from './share-links-repo.ts';
import { createSignInAttemptsRepo } from './sign-in-attempts-repo.ts';
import { createUsersRepo } from './users-repo.ts';
import { createVisitorSecretsRepo } from './visitor-secrets-repo.ts';
import { createWebhookDeliveriesRepo } from './webhook-deliveries-repo.ts';
import { createWebhookOutboxRepo } from './webhook-outbox-repo.ts';
import { createWebhooksRepo } from './webhooks-repo.ts';
import { cacheWorkspaceSettings } from './workspace-settings-cache.ts';
import { createWorkspaceSettingsRepo } from './workspace-settings-repo.ts';
import { createWorkspacesRepo } from './workspaces-repo.ts';
import { createInboxRepo } from './inbox-repo.ts';
import { createSavedRepliesRepo } from './saved-replies-repo.ts';
import { createAuditLogRepo } from './audit-log-repo.ts';
import { createErasureRepo } from './erasure-repo.ts';
import { createRetentionRepo } from './retention-repo.ts';
import { createKnowledgeBasesRepo } from './knowledge-bases-repo.ts';
import { createKnowledgeIngestionRepo } from './knowledge-ingestion-repo.ts';
import { createKnowledgeSearchRepo } from './knowledge-search-repo.ts';

/** Every repository over one database, built once by the entry point or a test. */
export function createRepositories(db: Kysely<Database>, clock: Clock, options: { tracer?: Tracer | undefined } = {}) {
  const sessions = createSessionsRepo(db, clock);
  return {
    workspaces: createWorkspacesRepo(db, clock),
    workspaceSettings: cacheWorkspaceSettings(createWorkspaceSettingsRepo(db, clock), clock),
    apiKeys: createApiKeysRepo(db, clock),
    agents: createAgentsRepo(db, clock),
    sessions: options.tracer ? traceSessionCommits(sessions, options.tracer, isPostgres(db) ? 'postgres' : 'sqlite') : sessions,
    sessionEvents: createSessionEventsRepo(db, clock),
    agentTests: createAgentTestsRepo(db, clock),
    agentTestFolders: createAgentTestFoldersRepo(db, clock),
    agentTestRuns: createAgentTestRunsRepo(db, clock),
    replays: createReplaysRepo(db, clock),
    calls: createCallsRepo(db),
    webhooks: createWebhooksRepo(db, clock),
    webhookDeliveries: createWebhookDeliveriesRepo(db, clock),
    webhookOutbox: createWebhookOutboxRepo(db, clock),
    gathers: createGathersRepo(db, clock),
    debugLinks: createDebugLinksRepo(db, clock),
    shareLinks: createShareLinksRepo(db, clock),
    users: createUsersRepo(db, clock),
    consoleSessions: createConsoleSessionsRepo(db),
    passwordTokens: createPasswordTokensRepo(db),
    signInAttempts: createSignInAttemptsRepo(db),
    visitorSecrets: createVisitorSecretsRepo(db, clock),
    inbox: createInboxRepo(db, clock),
    savedReplies: createSavedRepliesRepo(db, clock),
    auditLog: createAuditLogRepo(db),
    erasure: createErasureRepo(db, clock),
    retention: createRetentionRepo(db, clock),
    knowledgeBases: createKnowledgeBasesRepo(db, clock),
    knowledgeIngestion: createKnowledgeIngestionRepo(db, clock),
    knowledgeSearch: createKnowledgeSearchRepo(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
