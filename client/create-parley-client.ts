import { agentTestsApi } from './agent-tests.ts';
import { agentsApi } from './agents.ts';
import { callsApi } from './calls.ts';
import { dataProtectionApi } from './data-protection.ts';
import { inboxApi } from './inbox.ts';
import { knowledgeBasesApi } from './knowledge-bases.ts';
import { apiKeysApi, usersApi } from './people.ts';
import { savedRepliesApi } from './saved-replies.ts';
import { shareLinksApi } from './share-links.ts';
import { testRunsApi } from './test-runs.ts';
import { replaysApi } from './replays.ts';
import { testSessionsApi } from './test-sessions.ts';
import { textChatApi } from './text-chat.ts';
import { createTransport, type ParleyClientOptions } from './transport.ts';
import { webhooksApi } from './webhooks.ts';
import { workspaceApi } from './workspace.ts';

export type ParleyClient = ReturnType<typeof createParleyClient>;

/**
 * A typed client for Parley's `/v1` and text-chat API. Every method answers the shape the
 * OpenAPI document gives for it, throws `ParleyError` on failure, and takes a last
 * `{ signal }` argument; lists are async iterators that follow the cursor.
 *
 * @example
 * const parley = createParleyClient({ baseUrl: 'http://127.0.0.1:8787', apiKey: process.env.PARLEY_API_KEY });
 * for await (const call of parley.calls.list({ status: 'transferred' })) console.log(call.call_id);
 */
export function createParleyClient(options: ParleyClientOptions) {
  const http = createTransport({ ...options });
  return Object.freeze({
    agents: agentsApi(http),
    tests: agentTestsApi(http),
    testRuns: testRunsApi(http),
    replays: replaysApi(http),
    testSessions: testSessionsApi(http),
    calls: callsApi(http),
    inbox: inboxApi(http),
    savedReplies: savedRepliesApi(http),
    dataProtection: dataProtectionApi(http),
    webhooks: webhooksApi(http),
    workspace: workspaceApi(http),
    users: usersApi(http),
    apiKeys: apiKeysApi(http),
    shareLinks: shareLinksApi(http),
    knowledgeBases: knowledgeBasesApi(http),
    textChat: textChatApi(http),
  });
}
