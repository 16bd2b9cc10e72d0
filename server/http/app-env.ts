import type { Actor } from '../auth/actor.ts';

/** What a handler may note about its request: each line carries the request id (request-logger.ts). */
export type RequestLog = Record<'info' | 'warn' | 'error', (fields: Record<string, unknown>, message: string) => void>;

/** Hono context variables set by Parley's middleware. */
export interface AppEnv {
  Variables: {
    /** The workspace of the caller (set by the authenticator on `/v1/*`, and on `/api/v1/sessions`). */
    workspaceId: number;
    /** Who the caller is on `/v1/*`: an API key or a signed-in person with a role (the authenticator). */
    actor: Actor;
    /** Log lines about this request, each carrying its id. */
    logger: RequestLog;
    requestId: string;
  };
}
