/**
 * The calls API as the console's conversation pages use it (`/v1/calls`: list, detail,
 * branches, deliveries, live control, debug link, export, and "Create test"), parsed with
 * the shared schemas.
 */
import { agentTestSchema } from '../../../shared/api/agent-tests-api.ts';
import {
  callBranchesSchema,
  callDetailSchema,
  callListSchema,
  callStatusResponseSchema,
  debugLinkSchema,
  transferResponseSchema,
} from '../../../shared/api/calls-api.ts';
import { callDeliveriesSchema } from '../../../shared/api/webhooks-api.ts';
import type { HttpClient } from './http-client.ts';

/** The list's filters as the API names them; empty ones are left out of the query. */
export type CallListFilter = Partial<Record<'agent_id' | 'channel' | 'status' | 'ended_reason' | 'feedback' | 'from_date' | 'to_date' | 'q', string | undefined>>;

export const PAGE_SIZE = 25;

/** `?agent_id=…&q=…&limit=25&after=…`, empty filters dropped. */
export function callListQuery(filter: CallListFilter, after: string | null, limit = PAGE_SIZE): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value?.trim()) search.set(key, value.trim());
  search.set('limit', String(limit));
  if (after) search.set('after', after);
  return `?${search.toString()}`;
}

export function createCallsClient(http: HttpClient) {
  const callPath = (callId: string) => `/v1/calls/${encodeURIComponent(callId)}`;
  return {
    page: (filter: CallListFilter, after: string | null) => http.get(`/v1/calls${callListQuery(filter, after)}`, callListSchema),
    get: (callId: string) => http.get(callPath(callId), callDetailSchema),
    branches: (callId: string) => http.get(`${callPath(callId)}/branches`, callBranchesSchema),
    deliveries: (callId: string) => http.get(`${callPath(callId)}/webhooks`, callDeliveriesSchema),
    end: (callId: string) => http.post(`${callPath(callId)}/end`, undefined, callStatusResponseSchema),
    transfer: (callId: string, destination: string) => http.post(`${callPath(callId)}/transfer`, { destination }, transferResponseSchema),
    debugLink: (callId: string) => http.get(`${callPath(callId)}/debug-link`, debugLinkSchema),
    /** Where the browser downloads the call (the session cookie authenticates a GET). */
    exportUrl: (callId: string, format: 'json' | 'csv') => `${callPath(callId)}/export?format=${format}`,
    /** A simulation test seeded with the call's transcript, its tool results as mocks. */
    createTest: (callId: string) => http.post(`${callPath(callId)}/test`, {}, agentTestSchema),
  };
}

export type CallsClient = ReturnType<typeof createCallsClient>;
