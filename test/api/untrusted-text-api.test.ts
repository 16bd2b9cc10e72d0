/**
 * Untrusted text (DESIGN §12). Patterns are tenant input: they run on a linear-time
 * engine, and one it cannot run is refused when saved, naming the node; visitors cannot
 * stall a turn with them. A visitor's text rendered into agent text stays text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentVersionListSchema } from '../../shared/api/agents-api.ts';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { agentConfigSchema } from '../../shared/agent-schema.ts';
import { workflowDefinitionSchema } from '../../shared/workflow-schema.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** Ask for a code checked by `pattern`, then route on it with `matches`. */
function patternWorkflow(pattern: string, matches: string) {
  return {
    start: 'code',
    nodes: {
      code: { type: 'ask', text: 'Your code?', save_as: 'code', expect: { pattern }, retry_text: 'Try again.', next: 'route' },
      route: { type: 'branch', cases: [{ if: { var: 'code', matches }, to: 'matched' }], else: 'other' },
      matched: { type: 'end', text: 'Matched.' },
      other: { type: 'end', text: 'Other.' },
    },
  };
}

describe.each(testDatabases())('untrusted text on $dialect', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(() => t.close());

  async function countAgents() {
    return Number((await t.database.db.selectFrom('agents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  async function startSession(agent: string) {
    return (await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201)).workflow_run_id;
  }
  async function say(agent: string, run: number, content: string) {
    return (await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content }), assistantReplySchema, 200)).content;
  }

  it('refuses an ask pattern with a backreference with a 400 naming the node, and writes nothing', async () => {
    const before = await countAgents();
    const res = await t.call('POST', '/v1/agents', { name: 'Backref', workflow: patternWorkflow('^(\\d)\\1$', '.') });
    const error = await readError(res, 400);
    expect(error.code).toBe('invalid_workflow');
    expect(error.message).toContain('Node "code": expect.pattern is not a valid regular expression (backreferences such as \\1 are not supported');
    expect(await countAgents()).toBe(before);
  });

  it('refuses a branch matches with a backreference or a lookahead with a 400 naming the node, on create and on a draft', async () => {
    const created = await t.call('POST', '/v1/agents', { name: 'Backref', workflow: patternWorkflow('.', '(a)\\1') });
    expect(created.status).toBe(400);
    expect((await readError(created)).message).toContain('Node "route": cases[0].if.matches is not a valid regular expression (backreferences');

    const agent = await createAgent(t, { name: 'Drafts' });
    const draft = await t.call('PUT', `/v1/agents/${agent.id}/workflow`, patternWorkflow('.', '^(?!x)'));
    expect(draft.status).toBe(400);
    expect((await readError(draft)).message).toContain('Node "route": cases[0].if.matches is not a valid regular expression (lookahead');
    expect((await readJson(await t.call('GET', `/v1/agents/${agent.id}/versions`), agentVersionListSchema, 200)).versions).toEqual([]);
  });

  // A backtracking engine takes 2^n steps on these: the turn would never end.
  it('answers a visitor whose long answer is adversarial to the agent’s patterns', async () => {
    const agent = await createAgent(t, { name: 'Catastrophic', workflow: patternWorkflow('^(a+)+$', '^([a-z]+)*$') });
    const run = await startSession(agent.id);
    expect(await say(agent.id, run, `${'a'.repeat(7_990)}!`)).toBe('Try again.');
    expect(await say(agent.id, run, 'a'.repeat(7_990))).toBe('Matched.');
  });

  it('keeps answering with a stored pattern the engine now refuses, which matches nothing', async () => {
    // Saved by a version that ran patterns on the backtracking engine: written past the checks.
    const config = agentConfigSchema.parse({ name: 'Legacy' });
    const legacy = await t.repos.agents.create(t.workspaceId, config, workflowDefinitionSchema.parse(patternWorkflow('^\\d+$', '^(?=1)')));
    const run = await startSession(legacy.publicId);
    expect(await say(legacy.publicId, run, '12')).toBe('Other.');
  });

  it('echoes a visitor answer into a later agent text escaped for markdown, so it renders as text and not as a link', async () => {
    const workflow = {
      start: 'name',
      nodes: {
        name: { type: 'ask', text: 'Your name?', save_as: 'name', next: 'thanks' },
        thanks: { type: 'say', text: 'Thanks **{{name}}**! Our [terms](https://harbor.example/terms) apply.', next: 'bye' },
        bye: { type: 'end' },
      },
    };
    const agent = await createAgent(t, { name: 'Echo', workflow });
    const run = await startSession(agent.id);
    const expected = 'Thanks **\\[phish\\](https\\://evil.example/login)**! Our [terms](https://harbor.example/terms) apply.';
    expect(await say(agent.id, run, '[phish](https://evil.example/login)')).toBe(expected);
    const transcript = await readJson(await t.call('GET', `/workflow/${agent.id}/text-chat/sessions/${run}`), runSchema, 200);
    expect(transcript.messages.map((m: { content: string }) => m.content)).toEqual(['Your name?', '[phish](https://evil.example/login)', expected]);
  });
});
