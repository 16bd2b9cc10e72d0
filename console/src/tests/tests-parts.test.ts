import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentTestResponse, FolderResponse } from '../../../shared/api/agent-tests-api.ts';
import type { TestRunResponse } from '../../../shared/api/agent-test-runs-api.ts';
import type { FetchLike } from '../api/http-client.ts';
import { fakeConsoleContext } from '../app/fake-console-context.ts';
import type { Role } from '../api/auth-session.ts';
import { folderRows } from './folder-tree.ts';
import { previousRun, runDiff } from './run-diff.ts';
import { FIRST_DELAY_MS, MAX_DELAY_MS, nextDelay, watchRuns } from './run-watch.ts';
import { CHART, dayBars, statsSummary } from './stats-geometry.ts';
import './test-run-page.ts';
import './tests-view.ts';
import { runSummary } from './tests-view.ts';

const folder = (id: string, name: string, parent: string | null): FolderResponse => ({ id, name, parent_id: parent, depth: 1, created_at: '', updated_at: '' });
const test = (id: string, name: string, lastRun: AgentTestResponse['last_run'] = null): AgentTestResponse => ({
  id, agent_id: 'agent_a1', name, description: '', type: 'reply', config: { context: 'Hi', success_criteria: 'greets', success_examples: [], failure_examples: [] },
  variables: {}, folder_id: null, tool_mock_config: null, repeat: 1, pass_threshold: 1, start_from: null, attached_agent_ids: ['agent_a1'], last_run: lastRun, created_at: '', updated_at: '',
});
const run = (id: string, testId: string, status: TestRunResponse['status'], rationale: string | null = null): TestRunResponse => ({
  id, test_id: testId, agent_id: 'agent_a1', agent_version: 1, status, passed: status === 'passed', rationale, error: null,
  result: rationale === null ? null : { passed: status === 'passed', rationale, reply: { agent_response: 'Hello there', passed: status === 'passed', rationale, confidence: 0.8 }, tool_call: null, simulation: null },
  duration_ms: 12, created_at: '', started_at: null, completed_at: null,
});

describe('test folders as a tree', () => {
  it('puts each folder under its parent, siblings by name, with its path as the label', () => {
    const rows = folderRows([folder('c', 'EU', 'b'), folder('b', 'Refunds', 'a'), folder('z', 'Bookings', null), folder('a', 'Support', null)]);
    expect(rows.map((r) => [r.label, r.level])).toEqual([['Bookings', 1], ['Support', 1], ['Support / Refunds', 2], ['Support / Refunds / EU', 3]]);
  });

  it('shows a folder whose parent is gone at the top level, and survives a cycle in a bad answer', () => {
    expect(folderRows([folder('b', 'Orphan', 'gone')]).map((r) => r.label)).toEqual(['Orphan']);
    expect(folderRows([folder('a', 'A', 'b'), folder('b', 'B', 'a')])).toEqual([]);
  });
});

describe('watching runs', () => {
  it('waits longer while nothing changes, up to 10 s, and starts over when a status moves', () => {
    expect(nextDelay(FIRST_DELAY_MS, false)).toBe(1500);
    expect(nextDelay(9000, false)).toBe(MAX_DELAY_MS);
    expect(nextDelay(MAX_DELAY_MS, true)).toBe(FIRST_DELAY_MS);
  });

  it('looks until no run is active, with the waits it was told', async () => {
    const waits: number[] = [];
    const answers = [{ active: true, changed: false }, { active: true, changed: true }, { active: false, changed: true }];
    await watchRuns(async () => answers.shift() ?? { active: false, changed: false }, () => false, async (ms) => void waits.push(ms));
    expect(waits).toEqual([1000, 1500, 1000]);
  });

  it('says what the finished runs came to', () => {
    const tests = [test('t1', 'a', { id: 'r1', status: 'passed', completed_at: null }), test('t2', 'b', { id: 'r2', status: 'failed', completed_at: null }), test('t3', 'c', { id: 'old', status: 'failed', completed_at: null })];
    expect(runSummary(tests, new Set(['r1', 'r2']))).toBe('1 passed, 1 failed');
  });
});

describe('the 30-day chart', () => {
  const buckets = [
    { day: '2026-11-01', passed: 3, failed: 1, errored: 0 },
    { day: '2026-11-02', passed: 0, failed: 0, errored: 0 },
    { day: '2026-11-03', passed: 1, failed: 0, errored: 1 },
  ];

  it('stacks each day to the busiest day and skips the pass rate on a day without runs', () => {
    const { bars, max, ratePath } = dayBars(buckets);
    expect(max).toBe(4);
    const plot = CHART.height - CHART.top - CHART.bottom;
    expect(bars[0]?.segments.map((s) => s.height)).toEqual([plot * 0.75, plot * 0.25, 0]);
    expect(bars.map((b) => b.rate)).toEqual([0.75, null, 0.5]);
    expect(ratePath.match(/M/g)).toHaveLength(2);
  });

  it('describes the window in words', () => {
    const byType = { total_runs: 0, passed: 0, failed: 0, errored: 0 };
    expect(statsSummary({ window_days: 30, buckets, total_runs: 6, passed_runs: 4, avg_duration_ms: null, by_type: { reply: byType, tool: byType, simulation: byType } })).toBe('6 runs in the last 30 days, 4 passed (67%)');
  });
});

describe('what changed since the previous run', () => {
  it('takes the finished run of the same agent before this one', () => {
    const runs = [run('r4', 't1', 'queued'), run('r3', 't1', 'failed'), run('r2', 't1', 'running'), { ...run('r1', 't1', 'passed'), agent_id: 'agent_b2' }, run('r0', 't1', 'passed')];
    expect(previousRun(runs[1] as TestRunResponse, runs)?.id).toBe('r0');
    expect(previousRun(run('gone', 't1', 'passed'), runs)).toBeUndefined();
  });

  it('lists the verdict, rationale and checks that moved, and diffs the reply by line', () => {
    const before = run('r1', 't1', 'passed', 'Greets.');
    const after = { ...run('r2', 't1', 'failed', 'Rude.'), result: { passed: false, rationale: 'Rude.', reply: { agent_response: 'Go away', passed: false, rationale: 'Rude.', confidence: 0.8 }, tool_call: null, simulation: null } };
    const diff = runDiff(before, after);
    expect(diff.changes).toEqual([
      { what: 'Verdict', before: 'passed', after: 'failed' },
      { what: 'Rationale', before: 'Greets.', after: 'Rude.' },
    ]);
    expect(diff.text).toEqual([{ kind: 'removed', text: 'Hello there' }, { kind: 'added', text: 'Go away' }]);
    expect(runDiff(before, { ...before, id: 'r3' })).toEqual({ changes: [], text: null });
  });

  it('compares tool-call checks by argument', () => {
    const withCheck = (actual: unknown, passed: boolean): TestRunResponse => ({
      ...run('r', 't1', passed ? 'passed' : 'failed'),
      result: { passed, rationale: '', reply: null, simulation: null, tool_call: { tool_called: 'get_order', tool_matched: true, rationale: '', parameter_results: [{ path: 'order_id', mode: 'exact', passed, actual, expected: 'A-17', rationale: '' }] } },
    });
    expect(runDiff(withCheck('A-17', true), withCheck('A-71', false)).changes).toContainEqual({ what: 'Argument order_id (exact)', before: 'passed: A-17', after: 'failed: A-71' });
  });
});

/** A fake server for the tests list: the list answers from `state`; runs are recorded. */
function mount(role: Role, tag: 'pc-tests-view' | 'pc-test-run-page', props: Record<string, unknown>, state: { tests: AgentTestResponse[]; run?: TestRunResponse }) {
  const requests: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push(`${init?.method ?? 'GET'} ${url}${init?.body ? ` ${String(init.body)}` : ''}`);
    if (url.startsWith('/v1/agents/tests?')) return Response.json({ tests: state.tests, next_cursor: null });
    if (url === '/v1/agents/tests/folders') return Response.json({ folders: [folder('folder_1', 'Support', null)] });
    if (url === '/v1/agents/tests/runs/batch') return Response.json({ runs: [run('run_1', 't1', 'queued')] }, { status: 202 });
    if (url.startsWith('/v1/agents/tests/runs/') && state.run) return Response.json(state.run);
    if (url === '/v1/agents/tests/t1/runs?limit=100' && state.run) return Response.json({ runs: [state.run, run('run_0', 't1', 'passed', 'Greets warmly.')], next_cursor: null });
    if (url.startsWith('/v1/agents/tests/t1') && init?.method === 'PATCH') return Response.json({ ...state.tests[0], folder_id: 'folder_1' });
    return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  };
  const ctx = fakeConsoleContext(role, fetch);
  const element = document.createElement(tag);
  Object.assign(element, { ctx, ...props });
  document.body.append(element);
  return { requests, root: () => element.shadowRoot };
}

afterEach(() => document.body.replaceChildren());

describe('<pc-tests-view>', () => {
  it("lists an agent's tests, runs the chosen one against that agent, and moves a test to a folder", async () => {
    const { root, requests } = mount('builder', 'pc-tests-view', { agentId: 'agent_a1' }, { tests: [test('t1', 'Greets')] });
    await vi.waitFor(() => expect(root()?.querySelector('tbody a')?.textContent).toBe('Greets'));
    expect(requests).toContain('GET /v1/agents/tests?agent_id=agent_a1&limit=100');
    const buttons = [...(root()?.querySelectorAll('button') ?? [])].map((b) => b.textContent?.trim());
    expect(buttons).toContain('Run all');
    root()?.querySelector<HTMLButtonElement>('button[aria-label="Run Greets"]')?.click();
    await vi.waitFor(() => expect(root()?.querySelector('a.badge')?.textContent).toBe('queued'));
    expect(requests).toContain('POST /v1/agents/tests/runs/batch {"entries":[{"test_id":"t1","agent_id":"agent_a1"}]}');
    const move = root()?.querySelector<HTMLSelectElement>('select#move-t1');
    await vi.waitFor(() => expect(move?.options.length).toBe(2));
    if (move) {
      move.value = 'folder_1';
      move.dispatchEvent(new Event('change'));
    }
    await vi.waitFor(() => expect(requests).toContain('PATCH /v1/agents/tests/t1 {"folder_id":"folder_1"}'));
  });

  it('shows an operator the list without run, move or folder controls', async () => {
    const { root } = mount('operator', 'pc-tests-view', {}, { tests: [test('t1', 'Greets')] });
    await vi.waitFor(() => expect(root()?.querySelector('tbody a')?.textContent).toBe('Greets'));
    expect(root()?.querySelector('button[aria-label="Run Greets"]')).toBeNull();
    expect(root()?.querySelector('select#move-t1')).toBeNull();
    expect([...(root()?.querySelectorAll('button') ?? [])].map((b) => b.textContent?.trim())).not.toContain('Run all');
  });
});

describe('<pc-test-run-page>', () => {
  it("shows a failed run's verdict, rationale, confidence and the agent's reply", async () => {
    const { root } = mount('operator', 'pc-test-run-page', { route: { name: 'test-run', runId: 'run_1' } }, { tests: [], run: run('run_1', 't1', 'failed', 'Never greets the visitor.') });
    await vi.waitFor(() => expect(root()?.querySelector('.rationale')?.textContent).toBe('Never greets the visitor.'));
    expect(root()?.querySelector('.verdict')?.textContent?.trim()).toBe('failed');
    expect(root()?.querySelector('.facts')?.textContent).toContain('80%');
    expect(root()?.querySelector('pre.reply')?.textContent).toBe('Hello there');
    // The run before it passed: the verdict and rationale that changed, side by side.
    await vi.waitFor(() => expect(root()?.querySelector('#diff-h')).not.toBeNull());
    const rows = [...(root()?.querySelectorAll('section[aria-labelledby="diff-h"] tbody tr') ?? [])].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([['Verdict', 'passed', 'failed'], ['Rationale', 'Greets warmly.', 'Never greets the visitor.']]);
  });
});
