/**
 * The two reads nearly every API test makes, parsed with the shared schemas: creating an
 * agent, and the `{"error":{"code","message"}}` body of a refusal.
 */
import { expect } from 'vitest';
import { agentSchema, type AgentResponse } from '../../shared/api/agents-api.ts';
import { errorResponseSchema, type ErrorResponse } from '../../shared/api/errors.ts';
import { readJson } from './read-json.ts';

/** Creates an agent over the API (201) and answers it as the API describes it. */
export async function createAgent(t: { call(method: string, path: string, body?: unknown): Promise<Response> }, body: unknown): Promise<AgentResponse> {
  return readJson(await t.call('POST', '/v1/agents', body), agentSchema, 201);
}

/** The error of a refusal: its status is `status` when given, else some 4xx or 5xx. */
export async function readError(res: Response, status?: number): Promise<ErrorResponse['error']> {
  if (status === undefined) expect(res.status, 'an error status').toBeGreaterThanOrEqual(400);
  return (await readJson(res, errorResponseSchema, status ?? res.status)).error;
}
