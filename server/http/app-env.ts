import type { Logger } from 'pino';

/** Hono context variables set by Parley's middleware. */
export interface AppEnv {
  Variables: {
    /** The workspace of the API key (set by the auth middleware on `/v1/*`). */
    workspaceId: number;
    /** A per-request child logger carrying the request id. */
    logger: Logger;
    requestId: string;
  };
}
