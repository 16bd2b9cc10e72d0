/**
 * The code of each signed-in page, loaded when first visited: each is its own chunk, so
 * the first load carries only the shell and the sign-in pages.
 */
import type { Route } from './routes.ts';

type PageName = Exclude<Route['name'], 'sign-in' | 'set-password' | 'not-found' | 'share'>;

export const PAGES: Record<PageName, { tag: string; load: () => Promise<unknown> }> = {
  agents: { tag: 'pc-agents-page', load: () => import('../agents/agents-page.ts') },
  agent: { tag: 'pc-agent-page', load: () => import('../agents/agent-page.ts') },
  replay: { tag: 'pc-replay-page', load: () => import('../replays/replay-page.ts') },
  conversations: { tag: 'pc-conversations-page', load: () => import('../conversations/conversations-page.ts') },
  conversation: { tag: 'pc-conversation-page', load: () => import('../conversations/conversation-page.ts') },
  inbox: { tag: 'pc-inbox-page', load: () => import('../inbox/inbox-page.ts') },
  tests: { tag: 'pc-tests-page', load: () => import('../tests/tests-page.ts') },
  'test-edit': { tag: 'pc-test-form-page', load: () => import('../test-editor/test-form-page.ts') },
  'test-new': { tag: 'pc-test-form-page', load: () => import('../test-editor/test-form-page.ts') },
  'test-run': { tag: 'pc-test-run-page', load: () => import('../tests/test-run-page.ts') },
  'test-json': { tag: 'pc-test-json-page', load: () => import('../test-editor/test-json-page.ts') },
  knowledge: { tag: 'pc-knowledge-bases-page', load: () => import('../knowledge/knowledge-bases-page.ts') },
  'knowledge-base': { tag: 'pc-knowledge-base-page', load: () => import('../knowledge/knowledge-base-page.ts') },
  users: { tag: 'pc-users-page', load: () => import('../admin/users-page.ts') },
  'api-keys': { tag: 'pc-api-keys-page', load: () => import('../admin/api-keys-page.ts') },
  webhooks: { tag: 'pc-webhooks-page', load: () => import('../admin/webhooks-page.ts') },
  settings: { tag: 'pc-settings-page', load: () => import('../admin/settings-page.ts') },
  'audit-log': { tag: 'pc-audit-log-page', load: () => import('../admin/audit-log-page.ts') },
};

export function isPage(name: Route['name']): name is PageName {
  return Object.hasOwn(PAGES, name);
}

/** What the tab says, per route. */
export function titleOf(route: Route): string {
  const names: Record<Route['name'], string> = {
    'sign-in': 'Sign in',
    'set-password': 'Set your password',
    share: 'Shared conversation',
    agents: 'Agents',
    agent: route.name === 'agent' ? `${route.agentId} · ${route.tab}` : 'Agent',
    replay: route.name === 'replay' ? `${route.replayId} · Replay` : 'Replay',
    conversations: 'Conversations',
    conversation: route.name === 'conversation' ? route.callId : 'Conversation',
    inbox: route.name === 'inbox' && route.callId ? `${route.callId} · Inbox` : 'Inbox',
    tests: 'Tests',
    'test-edit': route.name === 'test-edit' ? route.testId : 'Test',
    'test-new': 'New test',
    'test-run': route.name === 'test-run' ? route.runId : 'Test run',
    'test-json': route.name === 'test-json' ? `${route.testId} · JSON` : 'Test',
    knowledge: 'Knowledge',
    'knowledge-base': route.name === 'knowledge-base' ? `${route.baseId} · Knowledge` : 'Knowledge base',
    users: 'Users',
    'api-keys': 'API keys',
    webhooks: 'Webhooks',
    settings: 'Workspace settings',
    'audit-log': 'Audit log',
    'not-found': 'Not found',
  };
  return `${names[route.name]} · Parley console`;
}
