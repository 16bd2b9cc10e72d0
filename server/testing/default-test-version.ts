import type { AgentRecord } from '../storage/agents-repo.ts';

/**
 * The workflow version a test session or run uses when none is asked for: the published
 * one, else the latest draft, since testing before publishing is the point. Undefined
 * when the agent has no workflow at all.
 * @example defaultTestVersion({ publishedVersion: null, latestVersion: 2 }) // 2
 */
export function defaultTestVersion(agent: Pick<AgentRecord, 'publishedVersion' | 'latestVersion'>): number | undefined {
  return agent.publishedVersion ?? (agent.latestVersion > 0 ? agent.latestVersion : undefined);
}
