import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentSchema } from '../../shared/api/agents-api.ts';
import { callDetailSchema, debugLinkSchema, debugLogSchema } from '../../shared/api/calls-api.ts';
import { knowledgeBaseSchema, knowledgeDocumentSchema } from '../../shared/api/knowledge-bases-api.ts';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { startFakeLlm, type FakeChatRequest, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const WINDOWS = `# Glass cover

Broken windows are covered up to 500 EUR per claim. Send a photo of the damage.

# Floods

Floods from rivers are not covered by the home policy.`;
const PETS = '# Pets\n\nDogs and cats are insured for vet bills up to 2000 EUR a year.';

/** The fake model answers with the first passage of its prompt, citing it: an echo of what it was given. */
function citeFirstPassage(body: FakeChatRequest) {
  const system = String(body.messages[0]?.content ?? '');
  const passage = /\[1\] [^\n]*\n([^\n]+)/.exec(system)?.[1];
  return { content: passage === undefined ? 'I do not know.' : `${passage} [1]` };
}

describe.each(testDatabases())('agents answering from knowledge bases on $dialect', (target) => {
  let llm: FakeLlm;
  let t: TestApp;
  let insurance: string;
  let pets: string;
  let windowsDoc: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    t = await createTestApp(target, { llmUrl: llm.url });
    insurance = (await readJson(await t.call('POST', '/v1/knowledge-bases', { name: 'Insurance' }), knowledgeBaseSchema, 201)).id;
    pets = (await readJson(await t.call('POST', '/v1/knowledge-bases', { name: 'Pets' }), knowledgeBaseSchema, 201)).id;
    const doc = { title: 'Home policy', content: WINDOWS, url: 'https://example.com/policy' };
    windowsDoc = (await readJson(await t.call('POST', `/v1/knowledge-bases/${insurance}/documents`, doc), knowledgeDocumentSchema, 202)).id;
    await readJson(await t.call('POST', `/v1/knowledge-bases/${pets}/documents`, { title: 'Pet cover', content: PETS }), knowledgeDocumentSchema, 202);
    await t.app.knowledge.queue.idle();
  });
  beforeEach(() => {
    llm.reset();
    llm.setHandler(citeFirstPassage);
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  async function ask(agent: string, text: string) {
    const path = `/workflow/${agent}/text-chat/sessions`;
    const run = await readJson(await t.call('POST', path, { initial_context: { product: 'home insurance' } }), runSchema, 201);
    const reply = await readJson(await t.call('POST', `${path}/${run.workflow_run_id}/messages`, { content: text }), assistantReplySchema, 200);
    return { run, reply, prompt: String(llm.requests.at(-1)?.messages[0]?.content) };
  }

  it('puts the answering passage in the prompt, numbered, and cites it in sources everywhere the answer is shown', async () => {
    const agent = await createAgent(t, { ...llmAgentBody(), knowledge_base_ids: [insurance, pets] });
    expect(agent.knowledge_base_ids).toEqual([insurance, pets]);
    const { run, reply, prompt } = await ask(agent.id, 'Is my broken window covered?');

    expect(prompt).toContain('[1] Home policy › Glass cover\nBroken windows are covered up to 500 EUR per claim.');
    expect(prompt).toContain('cite each passage you use');
    const source = { index: 1, title: 'Home policy', url: 'https://example.com/policy', document_id: windowsDoc, knowledge_base_id: insurance };
    expect(reply.content).toContain('500 EUR');
    expect(reply.sources).toEqual([{ ...source, quote: expect.stringContaining('Broken windows are covered up to 500 EUR') }]);

    const stored = (await readJson(await t.call('GET', `/workflow/${agent.id}/text-chat/sessions/${run.workflow_run_id}`), runSchema, 200)).messages[2];
    expect(stored?.sources).toEqual(reply.sources);
    const call = await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect(call.transcript.find((entry) => entry.type === 'message' && entry.index === 2)).toMatchObject({ sources: reply.sources });
  });

  it('searches only the bases a node narrows to', async () => {
    const agent = await createAgent(t, { ...llmAgentBody({ knowledge_base_ids: [pets] }), knowledge_base_ids: [insurance, pets] });
    const { prompt, reply } = await ask(agent.id, 'Is my broken window covered? And my dog?');
    expect(prompt).toContain('vet bills');
    expect(prompt).not.toContain('Broken windows');
    expect(reply.sources?.map((source) => source.knowledge_base_id)).toEqual([pets]);
  });

  it('refuses a base that is unknown or of another workspace, and a node narrowing outside the agent', async () => {
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const asOther = (method: string, path: string, body?: unknown) =>
      t.app.request(path, { method, headers: { authorization: `Bearer ${otherKey}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const before = (await t.repos.knowledgeBases.listBases(other.id, 10)).length;

    const foreign = await readError(await asOther('POST', '/v1/agents', { ...llmAgentBody(), knowledge_base_ids: [insurance] }), 400);
    expect(foreign.message).toContain(insurance);
    const unknown = await readError(await t.call('POST', '/v1/agents', { ...llmAgentBody(), knowledge_base_ids: ['kb_01HZZZZZZZZZZZZZZZZZZZZZZZ'] }), 400);
    expect(unknown.code).toBe('invalid_request');
    const outside = await readError(await t.call('POST', '/v1/agents', { ...llmAgentBody({ knowledge_base_ids: [pets] }), knowledge_base_ids: [insurance] }), 400);
    expect(outside.code).toBe('invalid_workflow');
    expect((await t.repos.knowledgeBases.listBases(other.id, 10)).length).toBe(before);

    // An agent of the other workspace without bases finds nothing of this one's.
    const theirs = await readJson(await asOther('POST', '/v1/agents', llmAgentBody()), agentSchema, 201);
    const run = await readJson(await asOther('POST', `/workflow/${theirs.id}/text-chat/sessions`, {}), runSchema, 201);
    const reply = await readJson(await asOther('POST', `/workflow/${theirs.id}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'Is my broken window covered?' }), assistantReplySchema, 200);
    expect(reply.sources).toBeUndefined();
    expect(JSON.stringify(llm.requests.at(-1)?.messages)).not.toContain('500 EUR');
  });

  it('moves inline knowledge into a base of the workspace, searched and cited like any other', async () => {
    const created = await createAgent(t, { ...llmAgentBody(), knowledge: [{ title: 'Opening hours', content: 'The office opens at nine and closes at five.' }] });
    expect(created.knowledge).toEqual([]);
    expect(created.knowledge_base_ids).toHaveLength(1);
    await t.app.knowledge.queue.idle();
    const { reply, prompt } = await ask(created.id, 'When does the office open?');
    expect(prompt).toContain('The office opens at nine');
    expect(reply.sources).toMatchObject([{ index: 1, title: 'Opening hours', knowledge_base_id: created.knowledge_base_ids[0] }]);
  });

  it('shows the sources in the debug log and on its server-rendered page', async () => {
    const agent = await createAgent(t, { ...llmAgentBody(), knowledge_base_ids: [insurance] });
    const { run } = await ask(agent.id, 'Is my broken window covered?');
    const { debug_token: token } = await readJson(await t.call('GET', `/v1/calls/${run.call_id}/debug-link`), debugLinkSchema, 200);
    const log = await readJson(await t.app.request(`/api/v1/call-debug/${token}`, { headers: { accept: 'application/json' } }), debugLogSchema, 200);
    expect(log.turns[2]?.sources?.[0]).toMatchObject({ index: 1, title: 'Home policy', document_id: windowsDoc });
    const page = await (await t.app.request(`/api/v1/call-debug/${token}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<ol class="sources" aria-label="Sources"><li>[1] <a href="https://example.com/policy"');
  });
});
