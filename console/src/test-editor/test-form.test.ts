import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentTestResponse } from '../../../shared/api/agent-tests-api.ts';
import type { FetchLike } from '../api/http-client.ts';
import { fakeConsoleContext } from '../app/fake-console-context.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { bodyOf, configFor, messageOf, problemsByField, withMessage } from './test-draft.ts';
import './test-form-page.ts';

describe('a test as the form edits it', () => {
  it('keeps the history when the message changes, and the message when the type changes', () => {
    const config = { context: { initial_chat_history: [{ role: 'user', content: 'Hi' }], message: 'Refund?' }, success_criteria: 'helps' };
    expect(messageOf(config)).toBe('Refund?');
    expect(withMessage(config, 'Money back?')['context']).toEqual({ initial_chat_history: [{ role: 'user', content: 'Hi' }], message: 'Money back?' });
    expect(configFor('tool', 'Refund?')).toEqual({ context: 'Refund?', expected_tool: '', parameter_checks: [], expect_no_tool_call: false });
  });

  it('leaves blank optional fields out, so the server says what is missing rather than too short', () => {
    expect(bodyOf({ name: 'x', config: { context: '', expected_tool: '', expect_no_tool_call: true } })).toEqual({ name: 'x', config: { context: '', expect_no_tool_call: true } });
  });

  it("puts each of the server's problems at its field, and keeps the rest for the form", () => {
    const { byField, rest } = problemsByField(
      [{ path: 'body.config.success_criteria', message: 'Required' }, { path: 'body.config.parameter_checks.0.expected', message: 'bad regex' }, { path: 'body.name', message: 'Too long' }, { path: 'body.config.other', message: 'unknown field' }],
      ['name', 'config.success_criteria', 'config.parameter_checks'],
    );
    expect([...byField]).toEqual([['config.success_criteria', 'Required'], ['config.parameter_checks', 'bad regex'], ['name', 'Too long']]);
    expect(rest).toEqual(['body.config.other: unknown field']);
  });
});

const test: AgentTestResponse = {
  id: 'test_01ABC', agent_id: 'agent_a1', name: 'Greets', description: '', type: 'reply', config: { context: 'Hi', success_criteria: 'greets', success_examples: [], failure_examples: [] },
  variables: {}, folder_id: null, tool_mock_config: null, repeat: 1, pass_threshold: 1, start_from: null, attached_agent_ids: ['agent_a1'], last_run: null, created_at: '', updated_at: '',
};

afterEach(() => document.body.replaceChildren());

/** What the shell hands a page, for a builder, over `fetch`. */
function builderContext(fetch: FetchLike, navigate: ConsoleContext['navigate'] = () => undefined): ConsoleContext {
  return fakeConsoleContext('builder', fetch, { navigate });
}

describe('<pc-test-form-page>', () => {
  it("sends the form's test and shows the server's problem at its field", async () => {
    const sent: unknown[] = [];
    const fetch: FetchLike = async (url, init) => {
      if (init?.method === 'PATCH') {
        sent.push(JSON.parse(String(init.body)));
        return Response.json({ error: { code: 'invalid_request', message: 'body.config.success_criteria: Required', details: [{ path: 'body.config.success_criteria', message: 'Required' }] } }, { status: 400 });
      }
      return url === '/v1/agents/tests/test_01ABC' ? Response.json(test) : Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
    };
    const ctx = builderContext(fetch);
    const page = document.createElement('pc-test-form-page');
    Object.assign(page, { ctx, route: { name: 'test-edit', testId: 'test_01ABC' } });
    document.body.append(page);
    const root = () => page.shadowRoot;
    await vi.waitFor(() => expect(root()?.querySelector<HTMLTextAreaElement>('#f-config-success_criteria')?.value).toBe('greets'));
    const criteria = root()?.querySelector<HTMLTextAreaElement>('#f-config-success_criteria');
    if (criteria) {
      criteria.value = '';
      criteria.dispatchEvent(new InputEvent('input'));
    }
    root()?.querySelector('form')?.dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await vi.waitFor(() => expect(root()?.querySelector('#f-config-success_criteria-problem')?.textContent).toBe('Required'));
    expect(root()?.querySelector('#f-config-success_criteria')?.getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([{ name: 'Greets', description: '', type: 'reply', config: { context: 'Hi', success_examples: [], failure_examples: [] }, variables: {}, repeat: 1 }]);
  });

  it('creates a test for the agent the link names, then opens it', async () => {
    const sent: { url: string; body: unknown }[] = [];
    const navigated: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      if (init?.method === 'POST') {
        sent.push({ url, body: JSON.parse(String(init.body)) });
        return Response.json({ ...test, id: 'test_01NEW', name: 'Asks for a date' }, { status: 201 });
      }
      return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
    };
    const ctx = builderContext(fetch, (path) => void navigated.push(path));
    const page = document.createElement('pc-test-form-page');
    Object.assign(page, { ctx, route: { name: 'test-new', agentId: 'agent_a1' } });
    document.body.append(page);
    const root = () => page.shadowRoot;
    const type = async (selector: string, value: string) => {
      await vi.waitFor(() => expect(root()?.querySelector(selector)).not.toBeNull());
      const control = root()?.querySelector<HTMLInputElement>(selector);
      if (control) {
        control.value = value;
        control.dispatchEvent(new InputEvent('input'));
      }
    };
    await type('#f-name', 'Asks for a date');
    await type('#f-config-context', 'A table, please');
    await type('#f-config-success_criteria', 'asks for the date');
    expect(root()?.querySelector('button[type=submit]')?.textContent).toBe('Create test');
    root()?.querySelector('form')?.dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await vi.waitFor(() => expect(navigated).toEqual(['/console/tests/test_01NEW']));
    expect(sent).toEqual([{
      url: '/v1/agents/agent_a1/tests',
      body: { name: 'Asks for a date', description: '', type: 'reply', repeat: 1, variables: {}, config: { context: 'A table, please', success_criteria: 'asks for the date', success_examples: [], failure_examples: [] } },
    }]);
  });

  it('offers the agents to choose from when the link names none, and creates the test for the one chosen', async () => {
    const agent = (id: string, name: string) => ({ id, name, numeric_id: 1, published_version: 1, latest_version: 1, created_at: '', updated_at: '' });
    const posted: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      if (url.startsWith('/v1/agents?')) return Response.json({ agents: [agent('agent_0000000a', 'Bistro'), agent('agent_0000000b', 'Claims')], next_cursor: null });
      if (init?.method === 'POST') {
        posted.push(url);
        return Response.json({ ...test, id: 'test_01NEW' }, { status: 201 });
      }
      return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
    };
    const page = document.createElement('pc-test-form-page');
    Object.assign(page, { ctx: builderContext(fetch), route: { name: 'test-new', agentId: null } });
    document.body.append(page);
    const root = () => page.shadowRoot;
    await vi.waitFor(() => expect([...(root()?.querySelectorAll('#f-agent option') ?? [])].map((o) => o.textContent)).toEqual(['Bistro', 'Claims']));
    const select = root()?.querySelector<HTMLSelectElement>('#f-agent');
    if (select) {
      select.value = 'agent_0000000b';
      select.dispatchEvent(new Event('change'));
    }
    root()?.querySelector('form')?.dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await vi.waitFor(() => expect(posted).toEqual(['/v1/agents/agent_0000000b/tests']));
  });
});
