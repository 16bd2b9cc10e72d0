import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.ts';

/** Hono context variables set by Parley's middleware. */
export interface AppEnv {
  Variables: {
    /** The workspace of the caller (set by the authenticator on `/v1/*`, and on `/api/v1/sessions`). */
    workspaceId: number;
    /** Who the caller is on `/v1/*`: an API key or a signed-in person with a role (the authenticator). */
    actor: Actor;
    /** A per-request child logger carrying the request id. */
    logger: Logger;
    requestId: string;
  };
}
