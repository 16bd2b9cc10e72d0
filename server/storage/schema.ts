/**
 * Kysely table types. JSON columns are text (parsed with zod at the repository edge);
 * timestamps are ISO-8601 UTC text, so both dialects store and sort them the same way.
 */
import type { Generated } from 'kysely';

export interface WorkspacesTable {
  id: Generated<number>;
  name: string;
  /** JSON: workspace-level LLM defaults (`{ model?, temperature?, max_tokens? }`). */
  settings: string;
  created_at: string;
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

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  agents: AgentsTable;
  agent_versions: AgentVersionsTable;
}
