/**
 * First-start setup: a workspace and an admin key on an empty database, or the exact key
 * from PARLEY_API_KEY. Returns a freshly generated key so the caller can print it once.
 */
import type { Repositories } from './storage/repositories.ts';

export interface BootstrapResult {
  workspaceId: number;
  /** Set only when a key was generated now: it is shown once and never again. */
  generatedKey?: string;
  firstStart: boolean;
}

export async function bootstrapWorkspace(repos: Repositories, fixedKey: string | undefined): Promise<BootstrapResult> {
  const existing = await repos.workspaces.first();
  const workspace = existing ?? (await repos.workspaces.create('Default workspace'));
  const firstStart = !existing;
  if (fixedKey) {
    await repos.apiKeys.install(workspace.id, fixedKey);
    return { workspaceId: workspace.id, firstStart };
  }
  if (firstStart) return { workspaceId: workspace.id, generatedKey: await repos.apiKeys.create(workspace.id, 'admin'), firstStart };
  return { workspaceId: workspace.id, firstStart };
}
