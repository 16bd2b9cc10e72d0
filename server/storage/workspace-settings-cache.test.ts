import { describe, expect, it } from 'vitest';
import { NO_WORKSPACE_SETTINGS, type WorkspaceSettingsRepo } from './workspace-settings-repo.ts';
import { cacheWorkspaceSettings } from './workspace-settings-cache.ts';
import { manualClock } from '../../test/helpers/manual-clock.ts';

function countingRepo() {
  const stored = new Map<number, typeof NO_WORKSPACE_SETTINGS>();
  const reads: number[] = [];
  const repo: WorkspaceSettingsRepo = {
    get: async (id) => {
      reads.push(id);
      return stored.get(id) ?? NO_WORKSPACE_SETTINGS;
    },
    put: async (id, settings) => void stored.set(id, settings),
  };
  return { repo, reads, stored };
}

describe('cached workspace settings', () => {
  it('reads a workspace once per period, and again after it', async () => {
    const clock = manualClock();
    const { repo, reads, stored } = countingRepo();
    const cached = cacheWorkspaceSettings(repo, clock, 5_000);
    await cached.get(1);
    await cached.get(1);
    await cached.get(2);
    expect(reads).toEqual([1, 2]);
    stored.set(1, { ...NO_WORKSPACE_SETTINGS, session_idle_minutes: 9 });
    clock.advance(4_999);
    expect((await cached.get(1)).session_idle_minutes).toBeNull();
    clock.advance(1);
    expect((await cached.get(1)).session_idle_minutes).toBe(9);
    expect(reads).toEqual([1, 2, 1]);
  });

  it('shows a change made through it at once', async () => {
    const clock = manualClock();
    const { repo, reads } = countingRepo();
    const cached = cacheWorkspaceSettings(repo, clock);
    await cached.get(1);
    await cached.put(1, { ...NO_WORKSPACE_SETTINGS, session_idle_minutes: 3 });
    expect((await cached.get(1)).session_idle_minutes).toBe(3);
    expect(reads).toEqual([1]);
  });

  it('does not keep a failed read', async () => {
    const clock = manualClock();
    let fail = true;
    const repo: WorkspaceSettingsRepo = {
      get: async () => {
        if (fail) throw new Error('database gone');
        return NO_WORKSPACE_SETTINGS;
      },
      put: async () => undefined,
    };
    const cached = cacheWorkspaceSettings(repo, clock);
    await expect(cached.get(1)).rejects.toThrow('database gone');
    fail = false;
    await expect(cached.get(1)).resolves.toEqual(NO_WORKSPACE_SETTINGS);
  });
});
