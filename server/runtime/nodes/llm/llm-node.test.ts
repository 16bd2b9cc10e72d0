import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { compileWorkflow } from '../../compile-workflow.ts';
import { MAX_TOOL_ROUNDS } from './step.ts';
import { continueWorkflow, startWorkflow } from '../../run-turn.ts';
import { agentConfig, converse, createFakeLlm, createFakeServices, workflow } from '../../runtime-fakes.ts';
import { manualClock } from '../../../../test/helpers/manual-clock.ts';
import type { AgentRuntimeConfig, LlmStepInput, LlmStepOutput } from '../../types.ts';

const signal = new AbortController().signal;

const chatNode = {
  type: 'llm',
  prompt: 'Help {{customer_name}} file a claim for policy {{policy_number}}.',
  tools: ['create_ticket'],
  exits: [{ when: 'the claim is filed', to: 'bye', name: 'filed' }],
  max_turns: 12,
  on_error: 'human',
};
const definition = {
  start: 'hello',
  nodes: {
    hello: { type: 'say', text: 'Hi {{customer_name}}.', next: 'chat' },
    chat: chatNode,
    bye: { type: 'end', text: 'Thanks, your claim is filed.' },
    human: { type: 'transfer', text: 'Connecting you to a person.', destination: 'human' },
  },
};
const agent = (overrides: Partial<AgentRuntimeConfig> = {}) =>
  agentConfig(overrides, ['create_ticket', 'get_policy']);
const variables = { customer_name: 'Ada', policy_number: '123456' };

describe('llm nodes', () => {
  it('answers on entry with system prompt, node prompt and variables, streaming the text', async () => {
    const llm = createFakeLlm({ clock: manualClock(), latencyMs: 0 });
    llm.enqueue({ content: 'What happened?', usage: [120, 4] });
    const deltas: string[] = [];
    const machine = compileWorkflow(workflow(definition), agent({ llm: { model: 'gpt-test', temperature: 0.2 } }));
    const [opening] = await converse(machine, createFakeServices({ llm, deltas }), [], variables);

    expect(opening).toMatchObject({ reply: { content: 'Hi Ada.\n\nWhat happened?' }, state: 'waiting', node: 'chat', llm: 'ok' });
    expect(opening?.usage).toEqual({ prompt_tokens: 120, completion_tokens: 4 });
    expect(opening?.latency.llm_ttfb_ms).toBe(7);
    expect(deltas.join('')).toBe('What happened?');
    const request = llm.requests[0];
    expect(request).toMatchObject({ model: 'gpt-test', temperature: 0.2 });
    const system = request?.messages[0];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('You are a helpful claims assistant.');
    expect(system?.content).toContain('Help Ada file a claim for policy 123456.');
    expect(system?.content).toContain('"policy_number":"123456"');
    // The say text just before is shown to the model as already said.
    expect(request?.messages.slice(1)).toEqual([{ role: 'assistant', content: 'Hi Ada.' }]);
    expect(request?.tools?.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type))).toEqual(['create_ticket', 'exit_filed']);
  });

  it('searches its knowledge bases with the user\'s messages and cites the passages the answer used as sources', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ content: 'What happened?' }, { content: 'Glass is covered up to 500 EUR [1].' });
    const searches: unknown[] = [];
    const services = {
      ...createFakeServices({ llm }),
      searchKnowledge: async (scope: { baseIds: readonly number[]; language: string }, query: string, limit: number) => {
        searches.push({ scope, query, limit });
        return [{ documentId: 'doc_1', knowledgeBaseId: 4, title: 'Windows', url: null, headingPath: [], text: 'Broken windows are covered up to 500 EUR.' }];
      },
    };
    const machine = compileWorkflow(workflow(definition), agent({ knowledgeBases: [{ id: 4, publicId: 'kb_FOUR', language: 'en' }] }));
    const [opening, second] = await converse(machine, services, ['My window broke'], variables);
    // Nothing to search for before the user has spoken.
    expect(opening?.sources).toBeUndefined();
    expect(searches).toEqual([{ scope: { baseIds: [4], language: 'en' }, query: 'My window broke', limit: 5 }]);
    expect(llm.requests[1]?.messages[0]?.content).toContain('[1] Windows\nBroken windows are covered up to 500 EUR.');
    expect(second?.sources).toEqual([{ index: 1, title: 'Windows', url: null, quote: 'Broken windows are covered up to 500 EUR.', document_id: 'doc_1', knowledge_base_id: 'kb_FOUR' }]);
  });

  it('sends the whole conversation on each user message', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ content: 'What happened?' }, { content: 'Sorry to hear. When?' });
    const machine = compileWorkflow(workflow(definition), agent());
    const [, second] = await converse(machine, createFakeServices({ llm }), ['My window broke'], variables);
    expect(second?.reply.content).toBe('Sorry to hear. When?');
    expect(llm.requests[1]?.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Hi Ada.\n\nWhat happened?' },
      { role: 'user', content: 'My window broke' },
    ]);
  });

  it('runs the tools the model calls, feeds the results back, and keeps the exchange in the history', async () => {
    const llm = createFakeLlm();
    const clock = manualClock();
    llm.enqueue(
      { content: 'What happened?' },
      { content: 'Let me file that.', toolCalls: [{ name: 'create_ticket', arguments: { summary: 'window' } }] },
      (request) => ({ content: `Ticket ${String(request.messages.at(-1)?.content)} is open.` }),
      { content: 'Anything else?' },
    );
    const deltas: string[] = [];
    const services = createFakeServices({
      llm,
      clock,
      deltas,
      tools: { create_ticket: (args) => (clock.advance(30), { id: 'T-9', args }) },
    });
    const machine = compileWorkflow(workflow(definition), agent());
    const [, filed, later] = await converse(machine, services, ['My window broke', 'ok'], variables);

    expect(filed?.reply.content).toBe('Let me file that.\n\nTicket {"id":"T-9","args":{"summary":"window"}} is open.');
    expect(filed?.toolCalls).toEqual([
      { name: 'create_ticket', args: { summary: 'window' }, result: { id: 'T-9', args: { summary: 'window' } }, ms: 30, kind: 'tool' },
    ]);
    expect(filed?.latency.tool_ms).toBe(30);
    expect(deltas.join('')).toContain('Let me file that.\n\nTicket');
    expect(later?.reply.content).toBe('Anything else?');
    const history = llm.requests[3]?.messages.slice(1);
    expect(history?.map((message) => message.role)).toEqual(['assistant', 'user', 'assistant', 'tool', 'assistant', 'user']);
  });

  it('follows an exit function the model calls and records it', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ content: 'What happened?' }, { content: 'Done!', toolCalls: [{ name: 'exit_filed' }] });
    const machine = compileWorkflow(workflow(definition), agent());
    const [, last] = await converse(machine, createFakeServices({ llm }), ['That is all'], variables);
    expect(last).toMatchObject({ state: 'ended', node: 'bye', reply: { content: 'Done!\n\nThanks, your claim is filed.' } });
    expect(last?.toolCalls).toEqual([{ name: 'exit_filed', args: {}, ms: 0, kind: 'exit' }]);
  });

  it('names unnamed exits by index', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ toolCalls: [{ name: 'exit_0' }] });
    const unnamed = { ...definition, nodes: { ...definition.nodes, chat: { ...chatNode, exits: [{ when: 'done', to: 'bye' }] } } };
    const outcome = await startWorkflow({ machine: compileWorkflow(workflow(unnamed), agent()), input: { variables }, services: createFakeServices({ llm }), signal });
    expect(outcome).toMatchObject({ state: 'ended', reply: { content: 'Hi Ada.\n\nThanks, your claim is filed.' } });
  });

  it('answers with the fallback and reports unavailable when no LLM is configured', async () => {
    const machine = compileWorkflow(workflow(definition), agent());
    const [opening, next] = await converse(machine, createFakeServices({ llm: createFakeLlm({ configured: false }) }), ['hello?'], variables);
    expect(opening).toMatchObject({ reply: { content: "Hi Ada.\n\nI'm sorry, I can't answer that right now." }, llm: 'unavailable', state: 'waiting' });
    expect(next).toMatchObject({ reply: { content: "I'm sorry, I can't answer that right now." }, llm: 'unavailable', state: 'waiting' });
  });

  it('offers the fallback quick replies with the fallback, and not with the model answers', async () => {
    const withWayOut = { ...definition, nodes: { ...definition.nodes, chat: { ...chatNode, fallback: 'Our assistant is offline.', fallback_choices: ['Talk to a person'] } } };
    const offline = compileWorkflow(workflow(withWayOut), agent());
    const [opening, next] = await converse(offline, createFakeServices({ llm: createFakeLlm({ configured: false }) }), ['hello?'], variables);
    expect(opening?.reply).toEqual({ content: 'Hi Ada.\n\nOur assistant is offline.', choices: ['Talk to a person'] });
    expect(next?.reply).toEqual({ content: 'Our assistant is offline.', choices: ['Talk to a person'] });

    const llm = createFakeLlm();
    llm.enqueue({ content: 'What happened?' });
    const [online] = await converse(compileWorkflow(workflow(withWayOut), agent()), createFakeServices({ llm }), [], variables);
    expect(online?.reply).toEqual({ content: 'Hi Ada.\n\nWhat happened?' });
  });

  it('follows on_error when the LLM fails', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ error: new Error('502 from upstream') });
    const machine = compileWorkflow(workflow(definition), agent());
    const outcome = await startWorkflow({ machine, input: { variables }, services: createFakeServices({ llm }), signal });
    expect(outcome).toMatchObject({ state: 'transferred', llm: 'error', reply: { content: 'Hi Ada.\n\nConnecting you to a person.' } });
  });

  it('without on_error, says the fallback on an LLM failure and stays usable', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ error: new Error('timeout') }, { content: 'Back again. How can I help?' });
    const { on_error: _onError, ...fragile } = chatNode;
    const machine = compileWorkflow(
      workflow({ start: 'chat', nodes: { chat: { ...fragile, fallback: 'Our assistant is resting.' }, bye: { type: 'end' } } }),
      agent(),
    );
    const [opening, next] = await converse(machine, createFakeServices({ llm }), ['hello?']);
    expect(opening).toMatchObject({ reply: { content: 'Our assistant is resting.' }, llm: 'error', state: 'waiting' });
    expect(next).toMatchObject({ reply: { content: 'Back again. How can I help?' }, llm: 'ok', state: 'waiting' });
  });

  it('sends the first message instead of calling the LLM when the start node is an llm node', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ content: 'Sure, what happened?' });
    const machine = compileWorkflow(
      workflow({ start: 'chat', nodes: { chat: chatNode, bye: { type: 'end' }, human: { type: 'transfer', destination: 'human' } } }),
      agent({ firstMessage: 'Hello {{customer_name}}, how can I help?' }),
    );
    const [opening, next] = await converse(machine, createFakeServices({ llm }), ['I need to file a claim'], variables);
    expect(opening).toMatchObject({ reply: { content: 'Hello Ada, how can I help?' }, llm: 'not_used' });
    expect(next?.reply.content).toBe('Sure, what happened?');
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Hello Ada, how can I help?' },
      { role: 'user', content: 'I need to file a claim' },
    ]);
  });

  it('leaves for on_max_turns once the model has answered max_turns user messages', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ content: 'Hi!' }, { content: 'One.' }, { content: 'Two.' });
    const machine = compileWorkflow(
      workflow({
        start: 'chat',
        nodes: { chat: { ...chatNode, max_turns: 2, on_max_turns: 'human' }, bye: { type: 'end' }, human: { type: 'transfer', text: 'Handing over.', destination: 'human' } },
      }),
      agent(),
    );
    const turns = await converse(machine, createFakeServices({ llm }), ['a', 'b']);
    expect(turns.map((turn) => [turn.reply.content, turn.state])).toEqual([
      ['Hi!', 'waiting'],
      ['One.', 'waiting'],
      ['Two.\n\nHanding over.', 'transferred'],
    ]);
  });

  it('stops offering tools after the maximum number of tool rounds', async () => {
    const llm = createFakeLlm();
    for (let round = 0; round < MAX_TOOL_ROUNDS; round += 1) llm.enqueue({ toolCalls: [{ name: 'create_ticket', arguments: {} }] });
    llm.enqueue({ content: 'I give up on tickets.' });
    const machine = compileWorkflow(workflow({ start: 'chat', nodes: { chat: chatNode, bye: { type: 'end' }, human: { type: 'end' } } }), agent());
    const outcome = await startWorkflow({ machine, input: { variables }, services: createFakeServices({ llm, tools: { create_ticket: () => ({ ok: true }) } }), signal });
    expect(outcome.reply.content).toBe('I give up on tickets.');
    expect(outcome.toolCalls).toHaveLength(MAX_TOOL_ROUNDS);
    expect(llm.requests[MAX_TOOL_ROUNDS]?.tools).toBeUndefined();
  });

  it('tells the model about a tool it may not call instead of calling it', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ toolCalls: [{ name: 'get_policy', arguments: { id: 1 } }] }, { content: 'Ok.' });
    const services = createFakeServices({ llm, tools: { get_policy: () => ({ leaked: true }) } });
    const machine = compileWorkflow(workflow({ start: 'chat', nodes: { chat: chatNode, bye: { type: 'end' }, human: { type: 'end' } } }), agent());
    const outcome = await startWorkflow({ machine, input: { variables }, services, signal });
    expect(services.toolCalls).toEqual([]);
    expect(outcome.toolCalls).toMatchObject([{ name: 'get_policy', error: 'unknown tool "get_policy"' }]);
    expect(llm.requests[1]?.messages.at(-1)).toMatchObject({ role: 'tool', content: '{"error":"unknown tool \\"get_policy\\""}' });
  });

  it('rejects with the abort reason when the signal aborts while the LLM is answering', async () => {
    const llm = createFakeLlm();
    llm.enqueue({ content: 'Hi!' }, { hang: true });
    const machine = compileWorkflow(workflow(definition), agent());
    const [opening] = await converse(machine, createFakeServices({ llm }), [], variables);
    const controller = new AbortController();
    const turn = continueWorkflow({ machine, snapshot: opening?.snapshot, text: 'hello', services: createFakeServices({ llm }), signal: controller.signal });
    controller.abort(new Error('tab closed'));
    await expect(turn).rejects.toThrow('tab closed');
  });
});

describe('llm failures are machine state', () => {
  it('after a failed request, an on_error route back to the llm node answers its fallback without asking the model again', async () => {
    const machine = compileWorkflow(
      workflow({
        start: 'chat',
        nodes: {
          chat: { type: 'llm', prompt: 'Help.', fallback: 'Our assistant is offline.', on_error: 'sorry' },
          sorry: { type: 'say', text: 'Something went wrong, let me try again.', next: 'chat' },
        },
      }),
      agentConfig(),
    );
    let requests = 0;
    // The slot's contract only: an llmStep that rejects, with no turn figures kept anywhere.
    const llmStep = fromPromise<LlmStepOutput, LlmStepInput>(() => {
      requests += 1;
      return Promise.reject(new Error('model down'));
    });
    const actor = createActor(machine.provide({ actors: { llmStep } }), { input: { variables: {} } });
    const rested = waitFor(actor, (snapshot) => snapshot.hasTag('waiting'), { timeout: 5_000 });
    actor.start();
    const snapshot = await rested;
    actor.stop();
    expect(requests).toBe(1);
    expect(snapshot.context.outbox.map((item) => item.text)).toEqual(['Something went wrong, let me try again.', 'Our assistant is offline.']);
  });
});
