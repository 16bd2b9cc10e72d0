/** `/v1/workspace/settings`: the workspace's default LLM settings and session idle timeout. */
import type { RequestOptions, Transport } from './transport.ts';
import type { WorkspaceSettings, WorkspaceSettingsInput } from './types.ts';

export function workspaceApi(http: Transport) {
  return {
    settings: (options?: RequestOptions) => http.json<WorkspaceSettings>('GET /v1/workspace/settings', { options }),
    /** Keys left out stay as they are; null goes back to the server default. Admins only. */
    updateSettings: (change: WorkspaceSettingsInput, options?: RequestOptions) => http.json<WorkspaceSettings>('PATCH /v1/workspace/settings', { body: change, options }),
  };
}
