/**
 * Workspace settings as turns read them: from memory for `ttlMs`. Every turn needs them
 * twice (the LLM defaults of its agent, the idle time of its session), and they change a
 * few times a year, so reading the workspaces row on each turn costs the hot path round
 * trips for nothing. A change made through this process shows at once (`put` replaces the
 * entry); a change another process makes, within `ttlMs`.
 */
import type { WorkspaceSettings } from '../../shared/api/workspace-settings-api.ts';
import type { Clock } from '../clock.ts';
import type { WorkspaceSettingsRepo } from './workspace-settings-repo.ts';

export const WORKSPACE_SETTINGS_TTL_MS = 5_000;

export function cacheWorkspaceSettings(repo: WorkspaceSettingsRepo, clock: Clock, ttlMs = WORKSPACE_SETTINGS_TTL_MS): WorkspaceSettingsRepo {
  const entries = new Map<number, { settings: Promise<WorkspaceSettings>; readAt: number }>();
  return {
    get(workspaceId) {
      const now = clock.now();
      const entry = entries.get(workspaceId);
      if (entry && now - entry.readAt < ttlMs) return entry.settings;
      const settings = repo.get(workspaceId);
      entries.set(workspaceId, { settings, readAt: now });
      // A failed read is not kept: the next turn asks the database again.
      settings.catch(() => entries.delete(workspaceId));
      return settings;
    },
    async put(workspaceId, settings, audit) {
      entries.delete(workspaceId);
      await repo.put(workspaceId, settings, audit);
      entries.set(workspaceId, { settings: Promise.resolve(settings), readAt: clock.now() });
    },
  };
}
