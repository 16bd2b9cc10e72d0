import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentResponse, AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import type { TestCoverage } from '../../../shared/api/agent-test-runs-api.ts';
import type { Replay, ReplayConversation } from '../../../shared/api/replays-api.ts';
import type { WorkflowDefinition } from '../../../shared/workflow-schema.ts';
import type { FetchLike } from '../api/http-client.ts';
import type { Role } from '../api/auth-session.ts';
import { fakeConsoleContext } from '../app/fake-console-context.ts';
import { coverageFigures } from '../tests/coverage-figures.ts';
import '../tests/coverage-view.ts';
import './replay-page.ts';
import { callIdsOf, replayRequest } from './replay-request.ts';
import { divergenceLine, summaryText, verdictText } from './replay-text.ts';
import './replays-view.ts';

const workflow: WorkflowDefinition = {
  start: 'greet',
  nodes: {
    greet: { type: 'say', text: 'Hi', next: 'policy' },
    policy: { type: 'ask', text: 'Number?', save_as: 'policy_number', max_retries: 2, next: 'route', on_fail: 'human' },
    route: { type: 'branch', cases: [{ if: { var: 'policy_number', eq: '123456' }, to: 'bye' }], else: 'human' },
    bye: { type: 'end', text: 'Bye' },
    human: { type: 'transfer', text: 'A person', destination: 'human' },
  },
  interrupts: [{ match: ['agent'], to: 'human' }],
};

const coverage: TestCoverage = {
  agent_id: 'agent_a1', version: 2, tests: 3, runs_counted: 2,
  nodes: [
    { id: 'greet', type: 'say', reached: true, runs: 2 }, { id: 'policy', type: 'ask', reached: true, runs: 2 },
    { id: 'route', type: 'branch', reached: true, runs: 1 }, { id: 'bye', type: 'end', reached: true, runs: 1 }, { id: 'human', type: 'transfer', reached: false, runs: 0 },
  ],
  transitions: [{ from: 'greet', to: 'policy', runs: 2 }, { from: 'policy', to: 'route', runs: 1 }, { from: 'route', to: 'bye', runs: 1 }],
  unreached_nodes: ['human'],
  node_coverage: 0.8,
};

const conversation = (callId: string, status: ReplayConversation['status'], divergence: ReplayConversation['first_divergence'] = null): ReplayConversation => ({
  call_id: callId, status, turns_replayed: 2, first_divergence: divergence, error: status === 'error' ? 'Version 3 has no node policy' : null, llm: { reused: 0, requested: 0 },
});
const branchDivergence: NonNullable<ReplayConversation['first_divergence']> = {
  turn: 1, user_message: '123456',
  recorded: { path: ['policy', 'route', 'bye'], node: null, transition: 'route → bye', reply: 'Bye' },
  replayed: { path: ['policy', 'route', 'human'], node: null, transition: 'route → human', reply: 'A person' },
  variables: [{ path: 'policy.active', recorded: true, replayed: false }],
};
const summary = { conversations: 3, identical: 1, text_only: 0, diverged: 1, errors: 1, diverged_by_node: { route: 1 } };
const replay = (status: Replay['status']): Replay => ({
  id: 'rpl_01JD6Z0000000000000000000A', agent_id: 'agent_a1', version: 3, status, error: null, summary,
  conversations: [conversation('call_00000001', 'identical'), conversation('call_00000002', 'diverged', branchDivergence), conversation('call_00000003', 'error')],
  created_at: '2026-11-29T10:00:00Z', started_at: null, completed_at: null,
});

describe('coverage in figures', () => {
  it("counts the reached nodes and the definition's transitions taken, and names what was never reached or taken", () => {
    const figures = coverageFigures(coverage, workflow);
    expect(figures.sentence).toBe('4 of 5 nodes, 3 of 5 transitions');
    expect(figures.unreached).toEqual([{ id: 'human', type: 'transfer' }]);
    expect(figures.transitions.map((t) => `${t.from} → ${t.to} (${t.label}): ${t.runs}`)).toEqual([
      'greet → policy (): 2', 'policy → route (answer → policy_number): 1', 'policy → human (on fail): 0', 'route → bye (policy_number = 123456): 1', 'route → human (else): 0',
    ]);
  });

  it('calls an interrupt by its name, and counts only the moves made without the definition', () => {
    const jumped = { ...coverage, transitions: [...coverage.transitions, { from: 'policy', to: 'human', runs: 1 }, { from: 'greet', to: 'gone', runs: 1 }] };
    expect(coverageFigures(jumped, workflow).transitions.find((t) => t.to === 'gone')?.label).toBe('not in this version');
    expect(coverageFigures(jumped, undefined).sentence).toBe('4 of 5 nodes, 5 transitions taken');
    expect(coverageFigures({ ...coverage, transitions: [{ from: 'bye', to: 'human', runs: 1 }] }, workflow).transitions.at(-1)).toEqual({ from: 'bye', to: 'human', label: 'interrupt', runs: 1 });
  });
});

describe('replays in words', () => {
  it('says where a conversation first went another way', () => {
    expect(divergenceLine(branchDivergence)).toBe('At turn 1 (after “123456”): route → human, recorded route → bye');
    const words = { ...branchDivergence, turn: 0, user_message: null, variables: [], recorded: { ...branchDivergence.recorded, transition: null, path: ['greet'] }, replayed: { ...branchDivergence.replayed, transition: null, path: ['greet'] } };
    expect(divergenceLine(words)).toBe('At the opening: same path, other words');
    expect(divergenceLine({ ...words, variables: [{ path: 'claim', recorded: 1, replayed: 2 }] })).toBe('At the opening: same path, other values of claim');
  });

  it('sums a replay up, leaving out the verdicts nothing had', () => {
    expect(summaryText(summary)).toBe('3 conversations: 1 identical, 1 diverged, 1 error');
    expect(summaryText({ ...summary, conversations: 0, identical: 0, diverged: 0, errors: 0 })).toBe('0 conversations');
    expect(verdictText('text_only')).toBe('text only');
  });

  it('turns the form into the request body, or names the field at fault', () => {
    expect(replayRequest({ version: '3', choose: 'last', last: '20', callIds: '' })).toEqual({ ok: true, body: { version: 3, calls: { last: 20 } } });
    expect(replayRequest({ version: '3', choose: 'calls', last: '', callIds: 'call_00000042,\ncall_00000043 call_00000042' })).toEqual({ ok: true, body: { version: 3, calls: { call_ids: ['call_00000042', 'call_00000043'] } } });
    expect(replayRequest({ version: '3', choose: 'last', last: '1001', callIds: '' })).toMatchObject({ ok: false, field: 'last' });
    expect(replayRequest({ version: '3', choose: 'calls', last: '', callIds: 'call_42' })).toEqual({ ok: false, field: 'callIds', message: '“call_42” is not a call id: a call id is call_ and 8 or more digits.' });
    expect(replayRequest({ version: '', choose: 'last', last: '5', callIds: '' })).toMatchObject({ ok: false, field: 'version' });
    expect(callIdsOf('  ')).toEqual([]);
  });
});

/** Mounts `tag` with a fake server answering `routes` (by `METHOD path`), recording every request. */
function mount(role: Role, tag: string, props: Record<string, unknown>, routes: Record<string, () => unknown>) {
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const key = `${init?.method ?? 'GET'} ${url}`;
    requests.push(`${key}${init?.body ? ` ${String(init.body)}` : ''}`);
    const answer = routes[key];
    return answer ? Response.json(answer(), { status: init?.method === 'POST' ? 202 : 200 }) : Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  };
  const element = document.createElement(tag);
  Object.assign(element, { ctx: fakeConsoleContext(role, fetch), ...props });
  document.body.append(element);
  return { requests, root: () => element.shadowRoot };
}

const texts = (root: ShadowRoot | null | undefined, selector: string) => [...(root?.querySelectorAll(selector) ?? [])].map((e) => e.textContent?.replace(/\s+/g, ' ').trim());

afterEach(() => document.body.replaceChildren());

describe('<pc-coverage-view>', () => {
  it('shows the figures and names the node no run reached', async () => {
    const versions = [{ version: 2, status: 'published', created_at: '', published_at: '', workflow }] as AgentVersionResponse[];
    const { root } = mount('operator', 'pc-coverage-view', { agentId: 'agent_a1', versions }, { 'GET /v1/agents/agent_a1/tests/coverage': () => coverage });
    await vi.waitFor(() => expect(root()?.querySelector('.coverage-figures')?.textContent).toBe('4 of 5 nodes, 3 of 5 transitions'));
    expect(texts(root(), 'ul.unreached li')).toEqual(['human transfer']);
  });

  it('says so when no test has run yet', async () => {
    const { root } = mount('operator', 'pc-coverage-view', { agentId: 'agent_a1' }, { 'GET /v1/agents/agent_a1/tests/coverage': () => ({ ...coverage, tests: 0, runs_counted: 0, transitions: [], unreached_nodes: [] }) });
    await vi.waitFor(() => expect(root()?.querySelector('section p')?.textContent).toContain('No finished runs yet: add tests to this agent'));
  });
});

describe('<pc-replays-view>', () => {
  const agent = { id: 'agent_a1', name: 'Claims' } as AgentResponse;
  const versions = [{ version: 3, status: 'draft' }, { version: 2, status: 'published' }] as AgentVersionResponse[];
  const listed = ({ conversations: _, ...rest }: Replay) => rest;

  it('starts a replay of the newest conversations against the newest version and lists it', async () => {
    const started: Replay[] = [];
    const { root, requests } = mount('builder', 'pc-replays-view', { agent, versions }, {
      'GET /v1/agents/agent_a1/replays?limit=50': () => ({ replays: started.map(listed), next_cursor: null }),
      'POST /v1/agents/agent_a1/replays': () => started[started.push(replay('completed')) - 1],
    });
    await vi.waitFor(() => expect(root()?.querySelector('section p')?.textContent).toContain('No replays yet.'));
    root()?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await vi.waitFor(() => expect(texts(root(), 'tbody tr td')).toContain('completed'));
    expect(requests).toContain('POST /v1/agents/agent_a1/replays {"version":3,"calls":{"last":20}}');
  });

  it("replays chosen calls, refusing a malformed id before sending and showing the server's answer for an unknown one", async () => {
    const { root, requests } = mount('builder', 'pc-replays-view', { agent, versions }, { 'GET /v1/agents/agent_a1/replays?limit=50': () => ({ replays: [], next_cursor: null }) });
    await vi.waitFor(() => expect(root()?.querySelector('section p')?.textContent).toContain('No replays yet.'));
    root()?.querySelector<HTMLInputElement>('#choose-calls')?.click();
    await vi.waitFor(() => expect(root()?.querySelector('#replay-calls')).not.toBeNull());
    const calls = root()?.querySelector<HTMLTextAreaElement>('#replay-calls');
    if (calls) calls.value = 'call_42';
    root()?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await vi.waitFor(() => expect(root()?.querySelector('#replay-calls-problem')?.textContent).toContain('“call_42” is not a call id'));
    expect(calls?.getAttribute('aria-invalid')).toBe('true');
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    if (calls) calls.value = 'call_00000099';
    root()?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await vi.waitFor(() => expect(root()?.querySelector('[role="alert"]')?.textContent).toBe('Not found'));
    expect(requests).toContain('POST /v1/agents/agent_a1/replays {"version":3,"calls":{"call_ids":["call_00000099"]}}');
  });

  it('shows an operator the list without the form', async () => {
    const { root } = mount('operator', 'pc-replays-view', { agent, versions }, { 'GET /v1/agents/agent_a1/replays?limit=50': () => ({ replays: [listed(replay('completed'))], next_cursor: null }) });
    await vi.waitFor(() => expect(root()?.querySelector('tbody a')).not.toBeNull());
    expect(root()?.querySelector('form')).toBeNull();
    expect(root()?.querySelector('tbody a')?.getAttribute('href')).toBe('/console/agents/agent_a1/replays/rpl_01JD6Z0000000000000000000A');
  });
});

describe('<pc-replay-page>', () => {
  it('shows each verdict, and the first divergence side by side with the recorded conversation a link away', async () => {
    const route = { name: 'replay', agentId: 'agent_a1', replayId: 'rpl_01JD6Z0000000000000000000A' };
    const { root } = mount('operator', 'pc-replay-page', { route }, { 'GET /v1/agents/agent_a1/replays/rpl_01JD6Z0000000000000000000A': () => replay('completed') });
    await vi.waitFor(() => expect(root()?.querySelector('h1')?.textContent).toBe('Replay against v3'));
    expect(texts(root(), 'tbody tr td .badge')).toEqual(['identical', 'diverged', 'error']);
    const rows = [...(root()?.querySelectorAll('section.divergence tbody tr') ?? [])].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ['Node path (differs)', 'policy → route → bye', 'policy → route → human'],
      ['Transition (differs)', 'route → bye', 'route → human'],
      ['Rests at', '—', '—'],
      ['Reply (differs)', 'Bye', 'A person'],
      ['Variable policy.active (differs)', 'true', 'false'],
    ]);
    expect(root()?.querySelector('section.divergence a')?.getAttribute('href')).toBe('/console/conversations/call_00000002');
    expect(root()?.textContent).toContain('Version 3 has no node policy');
  });
});
