/** `/v1/calls`: every conversation of every channel, its live control, and its debug link. */
import { paginate, type Paginated } from './paginate.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type {
  CallBranches,
  CallDeliveries,
  CallDetail,
  CallFilter,
  CallListQuery,
  CallPage,
  CallStatus,
  CallSummary,
  Call,
  DebugLink,
  DebugLog,
  Gather,
  GatherInput,
  OperatorMessage,
  OperatorMessageInput,
  Transfer,
  TransferInput,
} from './types.ts';

/** A call's public id (`call_00000001`) or its `workflow_run_id`. */
export type CallId = string | number;

export function callsApi(http: Transport) {
  const page = (query: CallListQuery = {}, options?: RequestOptions) => http.json<CallPage>('GET /v1/calls', { query, options });
  const call = (callId: CallId) => ({ call_id: callId });
  return {
    /** Every call the filter matches, newest first, following the cursor (`limit` is the page size). */
    list: (query: CallListQuery = {}, options?: RequestOptions): Paginated<Call> =>
      paginate(http, 'GET /v1/calls', (after) => page({ ...query, after }, options), (answer) => answer.calls, query.after),
    page,
    /** Totals over the calls a filter matches. */
    summary: (filter: CallFilter = {}, options?: RequestOptions) => http.json<CallSummary>('GET /v1/calls/summary', { query: filter, options }),
    /** The call with its transcript (tool calls in place) and per-turn latency. */
    get: (callId: CallId, options?: RequestOptions) => http.json<CallDetail>('GET /v1/calls/{call_id}', { params: call(callId), options }),
    /** Every branch of the call (rewinds fork one), each with its transcript. */
    branches: (callId: CallId, options?: RequestOptions) => http.json<CallBranches>('GET /v1/calls/{call_id}/branches', { params: call(callId), options }),
    /** The call as its JSON download (the same shape as `get`). */
    exportJson: (callId: CallId, options?: RequestOptions) => http.json<CallDetail>('GET /v1/calls/{call_id}/export', { params: call(callId), query: { format: 'json' }, options }),
    /** The call as CSV text: one record per transcript entry, a header row, CRLF line ends. */
    exportCsv: async (callId: CallId, options?: RequestOptions): Promise<string> =>
      (await http.open('GET /v1/calls/{call_id}/export', { params: call(callId), query: { format: 'csv' }, accept: 'text/csv', options })).text(),
    /** Erases the call and all that hangs off it, for good (admins only); recorded in the audit log without its content. */
    erase: (callId: CallId, options?: RequestOptions) => http.none('DELETE /v1/calls/{call_id}', { params: call(callId), options }),
    /** Cheap, for polling. */
    status: (callId: CallId, options?: RequestOptions) => http.json<CallStatus>('GET /v1/calls/{call_id}/status', { params: call(callId), options }),
    /** Webhook deliveries about the call, by time then attempt. */
    webhooks: (callId: CallId, options?: RequestOptions) => http.json<CallDeliveries>('GET /v1/calls/{call_id}/webhooks', { params: call(callId), options }),
    /** A shareable link to the call's masked debug log (created on first use). */
    debugLink: (callId: CallId, options?: RequestOptions) => http.json<DebugLink>('GET /v1/calls/{call_id}/debug-link', { params: call(callId), options }),
    /** A later `debugLink` makes a new one. */
    revokeDebugLink: (callId: CallId, options?: RequestOptions) => http.none('DELETE /v1/calls/{call_id}/debug-link', { params: call(callId), options }),
    /** The debug log a link shows, by its token: public, no key needed. */
    debugLog: (token: string, options?: RequestOptions) => http.json<DebugLog>('GET /api/v1/call-debug/{token}', { params: { token }, options }),
    /** Ends the call (reason `api`); the visitor sees it end. */
    end: (callId: CallId, options?: RequestOptions) => http.json<CallStatus>('POST /v1/calls/{call_id}/end', { params: call(callId), options }),
    /** To `human` (operators answer with `sendOperatorMessage`) or to another agent. */
    transfer: (callId: CallId, body: TransferInput, options?: RequestOptions) => http.json<Transfer>('POST /v1/calls/{call_id}/transfer', { params: call(callId), body, options }),
    /** An operator's reply into a call transferred to a human. */
    sendOperatorMessage: (callId: CallId, body: OperatorMessageInput, options?: RequestOptions) =>
      http.json<OperatorMessage>('POST /v1/calls/{call_id}/operator-messages', { params: call(callId), body, options }),
    /** Asks the visitor for keypad digits; the answer or the timeout fires `call.gather.completed`. */
    gather: (callId: CallId, body: GatherInput, options?: RequestOptions) => http.json<Gather>('POST /v1/calls/{call_id}/gather', { params: call(callId), body, options }),
  };
}
