/**
 * The console's pages by path (under `/console`), the ability each needs, and how its
 * code is loaded. Only sign-in and set-password are in the first load; every other page
 * is its own chunk, fetched when first visited.
 */
import type { Ability } from './roles.ts';

export type AgentTab = 'settings' | 'workflow' | 'versions' | 'playground' | 'tests' | 'replays';

export type Route =
  | { name: 'sign-in'; next: string | null }
  | { name: 'set-password'; token: string }
  | { name: 'share'; token: string }
  | { name: 'agents' }
  | { name: 'agent'; agentId: string; tab: AgentTab; node?: string }
  | { name: 'replay'; agentId: string; replayId: string }
  | { name: 'conversations' }
  | { name: 'conversation'; callId: string }
  | { name: 'inbox'; callId: string | null }
  | { name: 'tests' }
  | { name: 'test-json'; testId: string }
  | { name: 'test-edit'; testId: string }
  | { name: 'test-new'; agentId: string | null }
  | { name: 'test-run'; runId: string }
  | { name: 'knowledge' }
  | { name: 'knowledge-base'; baseId: string }
  | { name: 'users' }
  | { name: 'api-keys' }
  | { name: 'webhooks' }
  | { name: 'settings' }
  | { name: 'audit-log' }
  | { name: 'not-found'; path: string };

export const BASE = '/console';

const AGENT_TABS: readonly AgentTab[] = ['settings', 'workflow', 'versions', 'playground', 'tests', 'replays'];

/**
 * The route of a location inside the console.
 * @example routeOf('/console/agents/agent_1a2b3c4d/workflow', '') // { name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'workflow' }
 */
export function routeOf(pathname: string, search: string): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/+$/, '') : pathname;
  const query = new URLSearchParams(search);
  if (path === '' || path === '/agents') return { name: 'agents' };
  if (path === '/sign-in') return { name: 'sign-in', next: safeNext(query.get('next')) };
  if (path === '/set-password') return { name: 'set-password', token: query.get('token') ?? '' };
  const share = /^\/share\/([A-Za-z0-9]{1,100})$/.exec(path);
  if (share?.[1]) return { name: 'share', token: share[1] };
  if (path === '/users') return { name: 'users' };
  if (path === '/conversations') return { name: 'conversations' };
  const conversation = /^\/conversations\/(call_\d{1,16})$/.exec(path);
  if (conversation?.[1]) return { name: 'conversation', callId: conversation[1] };
  const inbox = /^\/inbox(?:\/(call_\d{1,16}))?$/.exec(path);
  if (inbox) return { name: 'inbox', callId: inbox[1] ?? null };
  if (path === '/tests') return { name: 'tests' };
  if (path === '/tests/new') return { name: 'test-new', agentId: agentParam(query.get('agent')) };
  const test = /^\/tests\/(test_[A-Za-z0-9]{1,40})\/json$/.exec(path);
  if (test?.[1]) return { name: 'test-json', testId: test[1] };
  const form = /^\/tests\/(test_[A-Za-z0-9]{1,40})$/.exec(path);
  if (form?.[1]) return { name: 'test-edit', testId: form[1] };
  const run = /^\/tests\/runs\/(run_[A-Za-z0-9]{1,40})$/.exec(path);
  if (run?.[1]) return { name: 'test-run', runId: run[1] };
  if (path === '/api-keys') return { name: 'api-keys' };
  if (path === '/knowledge') return { name: 'knowledge' };
  const base = /^\/knowledge\/(kb_[0-9A-Z]{26})$/.exec(path);
  if (base?.[1]) return { name: 'knowledge-base', baseId: base[1] };
  if (path === '/webhooks') return { name: 'webhooks' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/audit-log') return { name: 'audit-log' };
  const replay = /^\/agents\/([A-Za-z0-9_]{1,64})\/replays\/(rpl_[0-9A-Z]{26})$/.exec(path);
  if (replay?.[1] && replay[2]) return { name: 'replay', agentId: replay[1], replayId: replay[2] };
  const agent = /^\/agents\/([A-Za-z0-9_]{1,64})(?:\/([a-z]+))?$/.exec(path);
  if (agent?.[1]) {
    const tab = (agent[2] ?? 'workflow') as AgentTab;
    // `?node=` on the workflow tab selects that node (coverage links to the nodes never reached); ids are 1–64 characters.
    const node = query.get('node');
    if (AGENT_TABS.includes(tab)) return tab === 'workflow' && node && node.length <= 64 ? { name: 'agent', agentId: agent[1], tab, node } : { name: 'agent', agentId: agent[1], tab };
  }
  return { name: 'not-found', path: pathname };
}

/** Only a path inside the console may be where sign-in returns to: never another site. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith(`${BASE}/`) && !next.startsWith('//') && !next.includes('\\') ? next : null;
}

/** The agent a new test is for, when the link names one that could be an agent id. */
function agentParam(agent: string | null): string | null {
  return agent && /^[A-Za-z0-9_]{1,64}$/.test(agent) ? agent : null;
}

/** The path of a route, for links. */
export function pathOf(route: Route): string {
  switch (route.name) {
    case 'sign-in':
      return `${BASE}/sign-in${route.next ? `?next=${encodeURIComponent(route.next)}` : ''}`;
    case 'set-password':
      return `${BASE}/set-password?token=${encodeURIComponent(route.token)}`;
    case 'share':
      return `${BASE}/share/${route.token}`;
    case 'agents':
      return `${BASE}/agents`;
    case 'agent':
      return `${BASE}/agents/${route.agentId}/${route.tab}${route.node ? `?node=${encodeURIComponent(route.node)}` : ''}`;
    case 'replay':
      return `${BASE}/agents/${route.agentId}/replays/${route.replayId}`;
    case 'conversations':
      return `${BASE}/conversations`;
    case 'conversation':
      return `${BASE}/conversations/${route.callId}`;
    case 'inbox':
      return `${BASE}/inbox${route.callId ? `/${route.callId}` : ''}`;
    case 'tests':
      return `${BASE}/tests`;
    case 'test-json':
      return `${BASE}/tests/${route.testId}/json`;
    case 'test-run':
      return `${BASE}/tests/runs/${route.runId}`;
    case 'test-edit':
      return `${BASE}/tests/${route.testId}`;
    case 'knowledge':
      return `${BASE}/knowledge`;
    case 'knowledge-base':
      return `${BASE}/knowledge/${route.baseId}`;
    case 'test-new':
      return `${BASE}/tests/new${route.agentId ? `?agent=${encodeURIComponent(route.agentId)}` : ''}`;
    case 'users':
      return `${BASE}/users`;
    case 'api-keys':
      return `${BASE}/api-keys`;
    case 'webhooks':
      return `${BASE}/webhooks`;
    case 'settings':
      return `${BASE}/settings`;
    case 'audit-log':
      return `${BASE}/audit-log`;
    case 'not-found':
      return route.path;
  }
}

/** What a signed-in user needs to open the route; sign-in pages need no session at all. */
export function abilityFor(route: Route): Ability | 'public' | 'signed-in' {
  switch (route.name) {
    case 'sign-in':
    case 'set-password':
    case 'share':
      return 'public';
    case 'agents':
      return 'agents.read';
    case 'agent':
      return route.tab === 'playground' ? 'playground' : 'agents.read';
    case 'conversations':
    case 'conversation':
      return 'conversations';
    case 'inbox':
      return 'inbox';
    case 'replay':
    case 'tests':
    case 'test-json':
    case 'test-run':
    case 'test-edit':
    case 'knowledge':
    case 'knowledge-base':
      return 'agents.read';
    case 'test-new':
      return 'tests.write';
    case 'users':
      return 'users';
    case 'api-keys':
      return 'api-keys';
    case 'webhooks':
      return 'webhooks';
    case 'settings':
      return 'settings';
    case 'audit-log':
      return 'audit-log';
    case 'not-found':
      return 'signed-in';
  }
}
