/**
 * Kysely table types. JSON columns are text (parsed with zod at the repository edge);
 * timestamps are ISO-8601 UTC text, so both dialects store and sort them the same way.
 */
import type { Generated } from 'kysely';
import type { CallDebugLinksTable, CallGathersTable, WebhookDeliveriesTable, WebhookOutboxTable, WebhooksTable } from './calls-webhooks-schema.ts';
import type { AuditLogTable, BackgroundLeasesTable } from './governance-schema.ts';
import type { KnowledgeBasesTable, KnowledgeDocumentsTable, KnowledgePassagesTable } from './knowledge-schema.ts';
import type { ConsoleSessionsTable, PasswordTokensTable, ShareLinksTable, SignInAttemptsTable, UsersTable } from './people-schema.ts';

export interface WorkspacesTable {
  id: Generated<number>;
  name: string;
  /** JSON: workspace-level LLM defaults (`{ model?, temperature?, max_tokens? }`). */
  settings: string;
  created_at: string;
  /** Ended conversations older than this many days are deleted (migration 022); null keeps them. */
  retention_days: number | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  workspace_id: number;
  /** SHA-256 hex of the whole key; the key itself is never stored. */
  key_hash: string;
  /** First characters of the key, safe to show in listings. */
  key_prefix: string;
  name: string;
  created_at: string;
  /** `key_` + ULID, how the API names the key (migration 010 gave older keys one). */
  public_id: string;
  /** Written at most once a minute per key, so the request hot path rarely writes. */
  last_used_at: string | null;
}

export interface AgentsTable {
  id: Generated<number>;
  public_id: string;
  workspace_id: number;
  name: string;
  /** JSON: the agent configuration (shared/agent-schema.ts). */
  config: string;
  published_version: number | null;
  latest_version: number;
  created_at: string;
  updated_at: string;
  /** Soft delete: calls keep pointing at the agent they ran. */
  deleted_at: string | null;
}

export interface AgentVersionsTable {
  agent_id: number;
  version: number;
  /** JSON: the workflow definition (shared/workflow-schema.ts). */
  workflow: string;
  created_at: string;
  published_at: string | null;
}

export interface SessionsTable {
  /** The `workflow_run_id`; the public call id is `call_` + 8 digits of it. */
  id: Generated<number>;
  workspace_id: number;
  /** The agent serving the session now: a hand-off to another agent changes it. */
  agent_id: number;
  /** The agent the session was started through; never changes (null only in rows older than migration 006, which backfills them). */
  entry_agent_id: number | null;
  agent_version: number;
  channel: string;
  status: string;
  ended_reason: string | null;
  /** +1 on every committed change; the cross-process guard of a turn. */
  revision: number;
  current_branch: string;
  branch_count: number;
  /** Messages in the current branch: the next message's index. */
  message_count: number;
  /** JSON: the workflow machine's persisted snapshot at the head of the current branch. */
  snapshot: string | null;
  node: string | null;
  variables: string;
  metadata: string;
  /** JSON: per-session overrides (test sessions: system prompt, first message, tool mocks). */
  overrides: string;
  /** SHA-256 of the widget's session token, for public callers. */
  token_hash: string | null;
  /** A random public id for test sessions (`test_…`), looked up by index. */
  public_key: string | null;
  transfer_destination: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  tool_call_count: number;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
  /** When the sweeper may end it for idleness; refreshed by every turn. */
  expires_at: string | null;
  /** The verified visitor the session was started for (migration 013); null when anonymous. */
  visitor_id: string | null;
  visitor_name: string | null;
  visitor_email: string | null;
}

/** An agent's verified-visitor secret (migration 013): the HMAC / HS256 key its site's server signs with. */
export interface VisitorSecretsTable {
  agent_id: number;
  secret: string;
  created_at: string;
}

/** Session tokens besides `sessions.token_hash`: one per device a verified visitor resumed on. */
export interface SessionTokensTable {
  token_hash: string;
  session_id: number;
  created_at: string;
}

export interface SessionBranchesTable {
  session_id: number;
  id: string;
  /** Messages up to and including `fork_index` are read from the parent branch. */
  parent_id: string | null;
  fork_index: number | null;
  created_at: string;
}

export interface MessagesTable {
  id: Generated<number>;
  session_id: number;
  branch_id: string;
  idx: number;
  role: 'assistant' | 'user';
  author: 'agent' | 'user' | 'operator';
  content: string;
  choices: string | null;
  /** JSON snapshot after this assistant message: where a rewind returns to. */
  snapshot: string | null;
  /** JSON: the turn's figures (latency, llm status, tool calls, usage, node). */
  turn: string | null;
  feedback: string | null;
  created_at: string;
  /** The agent and version whose workflow the stored snapshot belongs to (NULL before migration 006). */
  agent_id: number | null;
  agent_version: number | null;
}

/** An append's idempotency key and the answer it got (migration 010). */
export interface AppendKeysTable {
  session_id: number;
  key: string;
  /** JSON: the answer as first sent. */
  reply: string;
  created_at: string;
}

export interface InboxClaimsTable {
  session_id: number;
  workspace_id: number;
  claimed_by: string;
  display_name: string;
  read_count: number;
  claimed_at: string;
}

export interface ReplaysTable {
  id: Generated<number>;
  /** `rpl_` + ULID. */
  public_id: string;
  workspace_id: number;
  agent_id: number;
  agent_version: number;
  /** queued → running → completed | failed: the queue is this column. */
  status: string;
  error: string | null;
  /** While running: until when the claiming process vouches for it (renewed by heartbeat). */
  lease_until: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface ReplayConversationsTable {
  id: Generated<number>;
  replay_id: number;
  session_id: number;
  position: number;
  /** pending, then identical | text_only | diverged | error. */
  status: string;
  /** JSON once replayed (replay-records.ts). */
  result: string | null;
}

export interface SavedRepliesTable {
  id: Generated<number>;
  public_id: string;
  workspace_id: number;
  title: string;
  content: string;
  created_at: string;
  updated_at: string;
}

export interface SessionEventsTable {
  id: Generated<number>;
  session_id: number;
  type: string;
  /** JSON: the pushed event (shared/api/text-chat-api.ts pushedEventSchema). */
  data: string;
  created_at: string;
}

export interface AgentTestFoldersTable {
  id: Generated<number>;
  /** `folder_` + ULID. */
  public_id: string;
  workspace_id: number;
  name: string;
  /** Nesting is at most 3 levels deep (checked by the folder service). */
  parent_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface AgentTestsTable {
  id: Generated<number>;
  /** `test_` + ULID. */
  public_id: string;
  workspace_id: number;
  /** The agent the test was created for; it is always among the attachments. */
  agent_id: number;
  name: string;
  description: string;
  /** reply | tool | simulation */
  type: string;
  /** JSON: the type's config (shared/api/agent-test-config.ts). */
  config: string;
  /** JSON: values rendered into `{{key}}` placeholders of the config. */
  variables: string;
  folder_id: number | null;
  /** JSON: tool mocks, or null for the default (every tool call is skipped). */
  tool_mock_config: string | null;
  repeat: number;
  /** JSON: the stored state the test starts from (#18), or null for a fresh session. */
  start_state: string | null;
  /** Share (0–1) of a run's attempts that must pass. */
  pass_threshold: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AgentTestAttachmentsTable {
  test_id: number;
  agent_id: number;
  created_at: string;
}

export interface AgentTestRunsTable {
  id: Generated<number>;
  /** `run_` + ULID. */
  public_id: string;
  workspace_id: number;
  test_id: number;
  agent_id: number;
  /** The workflow version the run used, once started. */
  agent_version: number | null;
  /** queued → running → passed | failed | error: the queue is this column. */
  status: string;
  /** 1 / 0 once judged; null while queued or running. */
  passed: number | null;
  rationale: string | null;
  error: string | null;
  /** JSON: the run result (shared/api/agent-test-runs-api.ts). */
  result: string | null;
  /** JSON: the test as it was when queued, so an edit does not change a queued run. */
  definition: string;
  duration_ms: number | null;
  created_at: string;
  started_at: string | null;
  /** While running: until when the claiming process vouches for it (renewed by heartbeat). */
  lease_until: string | null;
  /** Stamped at claim, increasing: when the run's workspace was last served by the queue. */
  claim_order: number | null;
  completed_at: string | null;
}

/** Shared token buckets of the public rate limits (Postgres; see rate-limit-buckets-repo.ts). */
export interface RateLimitBucketsTable {
  key: string;
  tokens: number;
  updated_ms: number | string;
  taken: boolean | number;
}

export interface Database {
  sessions: SessionsTable;
  session_branches: SessionBranchesTable;
  messages: MessagesTable;
  append_keys: AppendKeysTable;
  visitor_secrets: VisitorSecretsTable;
  session_tokens: SessionTokensTable;
  inbox_claims: InboxClaimsTable;
  saved_replies: SavedRepliesTable;
  replays: ReplaysTable;
  replay_conversations: ReplayConversationsTable;
  session_events: SessionEventsTable;
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  agents: AgentsTable;
  agent_versions: AgentVersionsTable;
  agent_test_folders: AgentTestFoldersTable;
  agent_tests: AgentTestsTable;
  agent_test_attachments: AgentTestAttachmentsTable;
  agent_test_runs: AgentTestRunsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_outbox: WebhookOutboxTable;
  call_gathers: CallGathersTable;
  call_debug_links: CallDebugLinksTable;
  users: UsersTable;
  console_sessions: ConsoleSessionsTable;
  password_tokens: PasswordTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  share_links: ShareLinksTable;
  rate_limit_buckets: RateLimitBucketsTable;
  audit_log: AuditLogTable;
  background_leases: BackgroundLeasesTable;
  knowledge_bases: KnowledgeBasesTable;
  knowledge_documents: KnowledgeDocumentsTable;
  knowledge_passages: KnowledgePassagesTable;
}
