import { describe, expect, it } from 'vitest';
import { abilityFor, pathOf, routeOf, safeNext } from './routes.ts';

describe('console routes', () => {
  it('reads every deep link, the workflow being an agent’s default tab', () => {
    expect(routeOf('/console', '')).toEqual({ name: 'agents' });
    expect(routeOf('/console/agents/', '')).toEqual({ name: 'agents' });
    expect(routeOf('/console/agents/agent_1a2b3c4d', '')).toEqual({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'workflow' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/playground', '')).toEqual({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'playground' });
    expect(routeOf('/console/set-password', '?token=abc')).toEqual({ name: 'set-password', token: 'abc' });
    expect(routeOf('/console/share/AbC123', '')).toEqual({ name: 'share', token: 'AbC123' });
    expect(routeOf('/console/share/a.b', '')).toEqual({ name: 'not-found', path: '/console/share/a.b' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/nope', '')).toEqual({ name: 'not-found', path: '/console/agents/agent_1a2b3c4d/nope' });
    expect(routeOf('/console/conversations', '')).toEqual({ name: 'conversations' });
    expect(routeOf('/console/conversations/call_00000042', '')).toEqual({ name: 'conversation', callId: 'call_00000042' });
    expect(routeOf('/console/tests/test_01HZX/json', '')).toEqual({ name: 'test-json', testId: 'test_01HZX' });
    expect(routeOf('/console/tests', '')).toEqual({ name: 'tests' });
    expect(routeOf('/console/tests/test_01HZX', '')).toEqual({ name: 'test-edit', testId: 'test_01HZX' });
    expect(routeOf('/console/tests/runs/run_01HZX', '')).toEqual({ name: 'test-run', runId: 'run_01HZX' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/tests', '')).toEqual({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'tests' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/workflow', '?node=confirm_route')).toEqual({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'workflow', node: 'confirm_route' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/workflow', `?node=${'n'.repeat(65)}`)).toEqual({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'workflow' });
    expect(pathOf({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'workflow', node: 'confirm_route' })).toBe('/console/agents/agent_1a2b3c4d/workflow?node=confirm_route');
    expect(routeOf('/console/agents/agent_1a2b3c4d/replays', '')).toEqual({ name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'replays' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/replays/rpl_01JD6Z0000000000000000000A', '')).toEqual({ name: 'replay', agentId: 'agent_1a2b3c4d', replayId: 'rpl_01JD6Z0000000000000000000A' });
    expect(routeOf('/console/agents/agent_1a2b3c4d/replays/rpl_nope', '')).toEqual({ name: 'not-found', path: '/console/agents/agent_1a2b3c4d/replays/rpl_nope' });
    expect(routeOf('/console/conversations/42', '')).toEqual({ name: 'not-found', path: '/console/conversations/42' });
    expect(routeOf('/console/inbox', '')).toEqual({ name: 'inbox', callId: null });
    expect(routeOf('/console/inbox/call_00000042', '')).toEqual({ name: 'inbox', callId: 'call_00000042' });
    expect(routeOf('/console/knowledge', '')).toEqual({ name: 'knowledge' });
    expect(routeOf('/console/knowledge/kb_01JD6Z0000000000000000000A', '')).toEqual({ name: 'knowledge-base', baseId: 'kb_01JD6Z0000000000000000000A' });
    expect(routeOf('/console/knowledge/kb_nope', '')).toEqual({ name: 'not-found', path: '/console/knowledge/kb_nope' });
    expect(routeOf('/console/tests/new', '?agent=agent_1a2b3c4d')).toEqual({ name: 'test-new', agentId: 'agent_1a2b3c4d' });
    expect(routeOf('/console/tests/new', '?agent=..%2Fx')).toEqual({ name: 'test-new', agentId: null });
    expect(routeOf('/console/webhooks', '')).toEqual({ name: 'webhooks' });
    expect(routeOf('/console/settings', '')).toEqual({ name: 'settings' });
    expect(routeOf('/console/audit-log', '')).toEqual({ name: 'audit-log' });
  });

  it('returns after sign-in only to a page of the console, never to another site', () => {
    expect(routeOf('/console/sign-in', '?next=%2Fconsole%2Fusers')).toEqual({ name: 'sign-in', next: '/console/users' });
    for (const next of ['https://evil.example/console/', '//evil.example/console/x', '/console\\..\\x', '/elsewhere']) expect(safeNext(next)).toBeNull();
  });

  it('writes the path of a route back, and says what each needs', () => {
    const route = { name: 'agent', agentId: 'agent_1a2b3c4d', tab: 'versions' } as const;
    expect(routeOf(pathOf(route), '')).toEqual(route);
    expect(pathOf({ name: 'sign-in', next: '/console/users' })).toBe('/console/sign-in?next=%2Fconsole%2Fusers');
    expect(abilityFor({ name: 'agent', agentId: 'a', tab: 'playground' })).toBe('playground');
    expect(abilityFor({ name: 'users' })).toBe('users');
    expect(abilityFor({ name: 'replay', agentId: 'a', replayId: 'rpl_1' })).toBe('agents.read');
    expect(pathOf({ name: 'replay', agentId: 'agent_1a2b3c4d', replayId: 'rpl_01JD6Z0000000000000000000A' })).toBe('/console/agents/agent_1a2b3c4d/replays/rpl_01JD6Z0000000000000000000A');
    expect(abilityFor({ name: 'audit-log' })).toBe('audit-log');
    expect(abilityFor({ name: 'knowledge-base', baseId: 'kb_1' })).toBe('agents.read');
    expect(pathOf({ name: 'knowledge-base', baseId: 'kb_01JD6Z0000000000000000000A' })).toBe('/console/knowledge/kb_01JD6Z0000000000000000000A');
    expect(abilityFor({ name: 'inbox', callId: null })).toBe('inbox');
    expect(pathOf({ name: 'inbox', callId: 'call_00000042' })).toBe('/console/inbox/call_00000042');
    expect(abilityFor({ name: 'set-password', token: '' })).toBe('public');
    expect(abilityFor({ name: 'share', token: 'AbC123' })).toBe('public');
    expect(abilityFor({ name: 'test-new', agentId: null })).toBe('tests.write');
    expect(abilityFor({ name: 'webhooks' })).toBe('webhooks');
    expect(abilityFor({ name: 'settings' })).toBe('settings');
    expect(pathOf({ name: 'test-new', agentId: 'agent_1a2b3c4d' })).toBe('/console/tests/new?agent=agent_1a2b3c4d');
  });
});
