import type { AgentResponse, AgentVersionResponse } from '../../shared/api/agents-api.ts';
import type { AgentRecord, AgentVersionRecord } from '../storage/agents-repo.ts';

/** The API shape of an agent: its configuration flattened beside its identifiers. */
export function presentAgent(agent: AgentRecord, published?: AgentVersionRecord): AgentResponse {
  return {
    ...agent.config,
    id: agent.publicId,
    numeric_id: agent.id,
    published_version: agent.publishedVersion,
    latest_version: agent.latestVersion,
    created_at: agent.createdAt,
    updated_at: agent.updatedAt,
    ...(published ? { workflow: published.workflow } : {}),
  };
}

export function presentVersion(version: AgentVersionRecord, publishedVersion: number | null): AgentVersionResponse {
  const status = version.version === publishedVersion ? 'published' : version.publishedAt ? 'superseded' : 'draft';
  return {
    version: version.version,
    status,
    created_at: version.createdAt,
    published_at: version.publishedAt,
    workflow: version.workflow,
  };
}
