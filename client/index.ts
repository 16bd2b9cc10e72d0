/**
 * `parley/client`: a typed client for the `/v1` and text-chat API. It runs wherever `fetch`,
 * `ReadableStream` and `TextDecoder` exist (Node ≥ 20.19, browsers) and imports nothing at
 * run time; its types come from the zod schemas the server validates with and documents in
 * `/openapi.json`. See ARCHITECTURE.md ("The typed client") for why it is not `hono/client`.
 */
export { createParleyClient, type ParleyClient } from './create-parley-client.ts';
export { ParleyError, type ClientErrorCode, type ParleyErrorCode, type ParleyErrorInit } from './parley-error.ts';
export type { Paginated } from './paginate.ts';
export type { RetryOptions } from './retry-policy.ts';
export { readServerSentEvents, type ServerSentEvent } from './server-sent-events.ts';
export type { Answer, Operation, ParleyClientOptions, RequestOptions } from './transport.ts';
export type { AgentId } from './agents.ts';
export type { CallId } from './calls.ts';
export type { KnowledgeUpload } from './knowledge-bases.ts';
export type { EventsOptions, RunId } from './text-chat.ts';
export type * from './types.ts';
