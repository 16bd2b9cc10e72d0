/**
 * Who may call each `/v1` route: the one table the authenticator enforces and the
 * OpenAPI document repeats. A route missing here is admin-only (the safe default), and a
 * test fails for every `/v1` route of the OpenAPI document without an entry.
 *
 * - `public`: anyone (signing in, setting a password by link);
 * - `session`: a person signed in to the console, any role (their own session);
 * - a role: that role or a higher one (operator < builder < admin). API keys act as
 *   their workspace's admin.
 *
 * The rules (issue #14): admins do everything — people, API keys, webhooks (and the
 * webhook deliveries of a call), workspace settings; builders work on agents, tests, test sessions and the
 * playground, and read and control calls; operators read and control calls (end,
 * transfer, operator messages, gather), work the inbox (and use its saved replies,
 * which builders write), and read agents and tests.
 */
import type { Role } from '../../shared/roles.ts';

export type Permission = 'public' | 'session' | Role;

/** `METHOD /path/{param}` as the OpenAPI document spells it. */
export const ROUTE_PERMISSIONS: Readonly<Record<string, Permission>> = Object.freeze({
  // Signing in and the console session.
  'POST /v1/auth/sign-in': 'public',
  'POST /v1/auth/password': 'public',
  'GET /v1/auth/session': 'session',
  'POST /v1/auth/sign-out': 'session',

  // People and API keys.
  'GET /v1/users': 'admin',
  'POST /v1/users': 'admin',
  'PATCH /v1/users/{id}': 'admin',
  'DELETE /v1/users/{id}': 'admin',
  'GET /v1/api-keys': 'admin',
  'POST /v1/api-keys': 'admin',
  'DELETE /v1/api-keys/{id}': 'admin',

  // Agents: everyone reads, builders change.
  'GET /v1/agents': 'operator',
  'POST /v1/agents': 'builder',
  'POST /v1/agents/import': 'builder',
  'GET /v1/agent-templates': 'operator',
  'GET /v1/agents/{id}': 'operator',
  'PATCH /v1/agents/{id}': 'builder',
  'DELETE /v1/agents/{id}': 'builder',
  'PUT /v1/agents/{id}/workflow': 'builder',
  'POST /v1/agents/{id}/publish': 'builder',
  'GET /v1/agents/{id}/versions': 'operator',
  // Whether an agent has a visitor secret is read like the agent; only builders make, rotate or remove one.
  'GET /v1/agents/{id}/visitor-secret': 'operator',
  'POST /v1/agents/{id}/visitor-secret': 'builder',
  'DELETE /v1/agents/{id}/visitor-secret': 'builder',

  // Test sessions (the playground).
  'POST /v1/test/voice': 'builder',
  'POST /v1/test/voice/{session_id}/message': 'builder',
  'DELETE /v1/test/voice/{session_id}': 'builder',

  // Agent tests, their folders and runs: everyone reads, builders change and run.
  'GET /v1/agents/tests': 'operator',
  'GET /v1/agents/tests/stats': 'operator',
  'GET /v1/agents/{id}/tests/coverage': 'operator',
  'GET /v1/agents/{id}/tests': 'operator',
  'POST /v1/agents/{id}/tests': 'builder',
  'GET /v1/agents/tests/{test_id}': 'operator',
  'PATCH /v1/agents/tests/{test_id}': 'builder',
  'DELETE /v1/agents/tests/{test_id}': 'builder',
  'GET /v1/agents/tests/{test_id}/attachments': 'operator',
  'POST /v1/agents/tests/{test_id}/attachments/{agent_id}': 'builder',
  'DELETE /v1/agents/tests/{test_id}/attachments/{agent_id}': 'builder',
  'GET /v1/agents/tests/folders': 'operator',
  'POST /v1/agents/tests/folders': 'builder',
  'GET /v1/agents/tests/folders/{folder_id}': 'operator',
  'PATCH /v1/agents/tests/folders/{folder_id}': 'builder',
  'DELETE /v1/agents/tests/folders/{folder_id}': 'builder',
  'POST /v1/agents/tests/{test_id}/runs': 'builder',
  'GET /v1/agents/tests/{test_id}/runs': 'operator',
  'POST /v1/agents/{id}/tests/runs': 'builder',
  'POST /v1/agents/tests/runs/batch': 'builder',
  'GET /v1/agents/tests/runs/{run_id}': 'operator',
  'POST /v1/calls/{call_id}/test': 'builder',
  // Replays quote calls, which every role reads; builders start them.
  'POST /v1/agents/{id}/replays': 'builder',
  'GET /v1/agents/{id}/replays': 'operator',
  'GET /v1/agents/{id}/replays/{replay_id}': 'operator',

  // Knowledge bases: everyone reads and searches them (like agents), builders fill them.
  'GET /v1/knowledge-bases': 'operator',
  'POST /v1/knowledge-bases': 'builder',
  'GET /v1/knowledge-bases/{id}': 'operator',
  'PATCH /v1/knowledge-bases/{id}': 'builder',
  'DELETE /v1/knowledge-bases/{id}': 'builder',
  'GET /v1/knowledge-bases/{id}/documents': 'operator',
  'POST /v1/knowledge-bases/{id}/documents': 'builder',
  'GET /v1/knowledge-bases/{id}/documents/{document_id}': 'operator',
  'PUT /v1/knowledge-bases/{id}/documents/{document_id}': 'builder',
  'DELETE /v1/knowledge-bases/{id}/documents/{document_id}': 'builder',
  'GET /v1/knowledge-bases/{id}/search': 'operator',

  // Calls: everyone reads and controls; sharing a debug link is the builders'.
  'GET /v1/calls': 'operator',
  'GET /v1/calls/summary': 'operator',
  'GET /v1/calls/{call_id}': 'operator',
  'GET /v1/calls/{call_id}/status': 'operator',
  'GET /v1/calls/{call_id}/export': 'operator',
  'GET /v1/calls/{call_id}/branches': 'operator',
  'POST /v1/calls/{call_id}/end': 'operator',
  'POST /v1/calls/{call_id}/transfer': 'operator',
  'POST /v1/calls/{call_id}/operator-messages': 'operator',
  'POST /v1/calls/{call_id}/gather': 'operator',
  'GET /v1/calls/{call_id}/debug-link': 'builder',
  'DELETE /v1/calls/{call_id}/debug-link': 'builder',
  'GET /v1/calls/{call_id}/webhooks': 'admin',

  // Share links of playground sessions: builders share; the link itself is read signed out.
  'POST /v1/calls/{call_id}/share-links': 'builder',
  'GET /v1/calls/{call_id}/share-links': 'builder',
  'DELETE /v1/calls/{call_id}/share-links/{id}': 'builder',
  'GET /v1/shared/{token}': 'public',
  // The operator inbox: every role works it (claims are per person or key).
  'GET /v1/inbox': 'operator',
  'GET /v1/inbox/events': 'operator',
  'POST /v1/inbox/{call_id}/claim': 'operator',
  'POST /v1/inbox/{call_id}/read': 'operator',
  'POST /v1/inbox/{call_id}/messages': 'operator',
  'POST /v1/inbox/{call_id}/hand-back': 'operator',
  'POST /v1/inbox/{call_id}/typing': 'operator',
  // Saved replies of the inbox: every role reads and uses them; builders and admins write them.
  'GET /v1/saved-replies': 'operator',
  'POST /v1/saved-replies': 'builder',
  'PATCH /v1/saved-replies/{id}': 'builder',
  'DELETE /v1/saved-replies/{id}': 'builder',

  // Workspace settings: everyone reads (the console shows what applies), admins change.
  'GET /v1/workspace/settings': 'operator',
  'PATCH /v1/workspace/settings': 'admin',

  // Erasure, retention and the audit log: admins only (issue #19).
  'DELETE /v1/calls/{call_id}': 'admin',
  'POST /v1/erasures': 'admin',
  'GET /v1/workspace/retention': 'admin',
  'PUT /v1/workspace/retention': 'admin',
  'GET /v1/audit-log': 'admin',

  // Webhooks: admins only.
  'GET /v1/webhooks': 'admin',
  'POST /v1/webhooks': 'admin',
  'GET /v1/webhooks/{id}': 'admin',
  'PATCH /v1/webhooks/{id}': 'admin',
  'DELETE /v1/webhooks/{id}': 'admin',
  'POST /v1/webhooks/{id}/rotate-secret': 'admin',
  'GET /v1/webhooks/{id}/deliveries': 'admin',
  'POST /v1/webhooks/deliveries/{id}/redeliver': 'admin',
});

/** Hono's `/v1/agents/:id` as the OpenAPI document writes it, `/v1/agents/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
}

/** The permission of a route; one the table does not name is admin-only. */
export function permissionOf(method: string, openApiTemplate: string): Permission {
  return ROUTE_PERMISSIONS[`${method.toUpperCase()} ${openApiTemplate}`] ?? 'admin';
}
