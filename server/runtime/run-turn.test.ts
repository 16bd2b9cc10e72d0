import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile-workflow.ts';
import { startWorkflow } from './run-turn.ts';
import { GIVE_UP_TEXT } from './nodes/give-up.ts';
import { agentConfig, converse, createFakeLlm, createFakeServices, workflow } from './runtime-fakes.ts';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import type { AgentRuntimeConfig } from './types.ts';

const signal = new AbortController().signal;

const compile = (json: unknown, agent: AgentRuntimeConfig = agentConfig({}, ['get_policy'])) => compileWorkflow(workflow(json), agent);

describe('say and ask nodes', () => {
  const machine = compile({
    start: 'hello',
    nodes: {
      hello: { type: 'say', text: 'Hi {{customer_name}}!', next: 'name' },
      name: { type: 'ask', text: 'What is your name?', save_as: 'user.name', next: 'thanks' },
      thanks: { type: 'say', text: 'Nice to meet you, {{user.name}}.', next: 'bye' },
      bye: { type: 'end', text: 'Goodbye.' },
    },
  });

  it('joins the texts of one turn into one message separated by a blank line', async () => {
    const [opening] = await converse(machine, createFakeServices(), [], { customer_name: 'Ada' });
    expect(opening).toMatchObject({ reply: { content: 'Hi Ada!\n\nWhat is your name?' }, state: 'waiting', node: 'name', llm: 'not_used' });
    expect(opening?.reply.choices).toBeUndefined();
  });

  it('stores the answer at a dotted path and renders it in later texts', async () => {
    const [, answer] = await converse(machine, createFakeServices(), ['  Grace  ']);
    expect(answer).toMatchObject({
      reply: { content: 'Nice to meet you, Grace.\n\nGoodbye.' },
      state: 'ended',
      node: 'bye',
      variables: { user: { name: 'Grace' } },
    });
  });

  it('renders unknown variables as empty text', async () => {
    const [opening] = await converse(machine, createFakeServices(), []);
    expect(opening?.reply.content).toBe('Hi !\n\nWhat is your name?');
  });

  it('answers an ended session with an empty reply and leaves it ended', async () => {
    const [, , late] = await converse(machine, createFakeServices(), ['Grace', 'hello?']);
    expect(late).toMatchObject({ reply: { content: '' }, state: 'ended', node: 'bye', variables: { user: { name: 'Grace' } } });
  });

  it('escapes variables for markdown in agent text, keeping the template markdown, and passes them raw to tools and branches', async () => {
    const phish = '[phish](https://evil.example/login)';
    const echo = compile({
      start: 'name',
      nodes: {
        name: { type: 'ask', text: 'Name?', save_as: 'name', next: 'lookup' },
        lookup: { type: 'tool', tool: 'get_policy', args: { holder: '{{name}}' }, save_as: 'policy', text: 'Found *{{policy.holder}}*.', next: 'route' },
        route: { type: 'branch', cases: [{ if: { var: 'name', eq: phish }, to: 'thanks' }], else: 'bye' },
        thanks: { type: 'say', text: 'Thanks **{{name}}**, see [our terms](https://harbor.example/terms).', next: 'bye' },
        bye: { type: 'end' },
      },
    });
    const services = createFakeServices({ tools: { get_policy: (args) => args } });
    const [, answer] = await converse(echo, services, [phish]);
    const escaped = '\\[phish\\](https\\://evil.example/login)';
    expect(answer?.reply.content).toBe(`Found *${escaped}*.\n\nThanks **${escaped}**, see [our terms](https://harbor.example/terms).`);
    expect(services.toolCalls).toEqual([{ name: 'get_policy', args: { holder: phish } }]);
    expect(answer?.variables).toMatchObject({ name: phish });
  });

  it('says the agent first message before a start question, and lets the session input override it', async () => {
    const greeted = compileWorkflow(
      workflow({ start: 'name', nodes: { name: { type: 'ask', text: 'Name?', save_as: 'name', next: 'bye' }, bye: { type: 'end' } } }),
      agentConfig({ firstMessage: 'Welcome {{customer_name}}!' }),
    );
    const services = createFakeServices();
    const agentOpening = await startWorkflow({ machine: greeted, input: { variables: { customer_name: 'Ada' } }, services, signal });
    const sessionOpening = await startWorkflow({ machine: greeted, input: { variables: {}, firstMessage: 'Test greeting' }, services, signal });
    expect(agentOpening.reply.content).toBe('Welcome Ada!\n\nName?');
    expect(sessionOpening.reply.content).toBe('Test greeting\n\nName?');
  });

  it('lets the agent first message replace the text of a start say node, once', async () => {
    const greeted = compileWorkflow(
      workflow({
        start: 'hello',
        nodes: {
          hello: { type: 'say', text: 'Hi there.', next: 'name' },
          name: { type: 'ask', text: 'Name?', save_as: 'name', next: 'hello' },
        },
      }),
      agentConfig({ firstMessage: 'Welcome!' }),
    );
    const turns = await converse(greeted, createFakeServices(), ['Ada']);
    expect(turns.map((turn) => turn.reply.content)).toEqual(['Welcome!\n\nName?', 'Hi there.\n\nName?']);
  });
});

describe('answer validation', () => {
  const machine = compile({
    start: 'kind',
    nodes: {
      kind: {
        type: 'ask',
        text: 'Is it about your car or your home?',
        save_as: 'kind',
        choices: [{ label: 'Car', value: 'car', synonyms: ['automobile', 'vehicle'] }, 'Home'],
        next: 'policy',
      },
      policy: {
        type: 'ask', text: 'Policy number?', save_as: 'policy', expect: { pattern: '^\\d{6}$' },
        retry_text: 'Six digits, please.', max_retries: 2, next: 'done', on_fail: 'human',
      },
      done: { type: 'end', text: 'Thanks, {{kind}} policy {{policy}}.' },
      human: { type: 'transfer', text: 'Let me connect you to a person.', destination: 'human' },
    },
  });

  it('offers choices as quick replies and accepts a synonym in any case, storing the value', async () => {
    const [opening, answer] = await converse(machine, createFakeServices(), ['AUTOMOBILE']);
    expect(opening?.reply).toEqual({ content: 'Is it about your car or your home?', choices: ['Car', 'Home'] });
    expect(answer?.variables).toEqual({ kind: 'car' });
    expect(answer?.reply).toEqual({ content: 'Policy number?' });
  });

  it('asks again with the choices when the answer names none of them', async () => {
    const [, retry, accepted] = await converse(machine, createFakeServices(), ['boat', 'home']);
    expect(retry?.reply).toEqual({
      content: "Sorry, I didn't catch that. Is it about your car or your home?",
      choices: ['Car', 'Home'],
    });
    expect(accepted?.variables).toEqual({ kind: 'Home' });
  });

  it('accepts a synonym found among the words of a longer answer, and records the choice and the words', async () => {
    const [, answer] = await converse(machine, createFakeServices(), ['I think my Vehicle, yes']);
    expect(answer?.variables).toEqual({ kind: 'car' });
    expect(answer?.answer).toEqual({
      node: 'kind',
      outcome: 'accepted',
      saved: { kind: 'car' },
      choice: { label: 'Car', value: 'car', matched: 'Vehicle', by: 'words' },
    });
  });

  it('asks which choice was meant when an answer names two, as a failed answer', async () => {
    const [, unclear, clear] = await converse(machine, createFakeServices(), ['the car or the home', 'home']);
    expect(unclear?.reply).toEqual({ content: 'Did you mean “Car” or “Home”?', choices: ['Car', 'Home'] });
    expect(unclear?.answer).toEqual({ node: 'kind', outcome: 'ambiguous', candidates: ['Car', 'Home'] });
    expect(clear?.variables).toEqual({ kind: 'Home' });
    expect(clear?.answer).toMatchObject({ outcome: 'accepted', choice: { label: 'Home', matched: 'home', by: 'answer' } });
  });

  it('retries max_retries times, then follows on_fail', async () => {
    const turns = await converse(machine, createFakeServices(), ['car', '12', 'abc', 'still no']);
    expect(turns.map((turn) => turn.reply.content)).toEqual([
      'Is it about your car or your home?',
      'Policy number?',
      'Six digits, please.',
      'Six digits, please.',
      'Let me connect you to a person.',
    ]);
    expect(turns.at(-1)).toMatchObject({ state: 'transferred', transfer: { destination: 'human' }, node: 'human' });
  });

  it('counts retries afresh after a valid answer', async () => {
    const turns = await converse(machine, createFakeServices(), ['car', '123456']);
    expect(turns.at(-1)).toMatchObject({ state: 'ended', reply: { content: 'Thanks, car policy 123456.' } });
  });

  it('hands the conversation to a person after max_retries failed answers when there is no on_fail', async () => {
    const stubborn = compile({
      start: 'age',
      nodes: {
        age: { type: 'ask', text: 'Age?', save_as: 'age', expect: { type: 'number', min: 18 }, max_retries: 1, next: 'ok' },
        ok: { type: 'end', text: 'Age {{age}} noted.' },
      },
    });
    const turns = await converse(stubborn, createFakeServices(), ['twelve', '12', '42']);
    expect(turns[1]?.reply.content).toBe("Sorry, I didn't catch that. Age?");
    expect(turns[2]).toMatchObject({ state: 'transferred', transfer: { destination: 'human' }, node: 'age', reply: { content: GIVE_UP_TEXT } });
    expect(turns[2]?.answer).toEqual({ node: 'age', outcome: 'rejected' });
    expect(turns[3]).toMatchObject({ state: 'transferred', reply: { content: '' }, variables: {} });
  });

  it('keeps asking when on_fail names the node itself', async () => {
    const stubborn = compile({
      start: 'age',
      nodes: {
        age: { type: 'ask', text: 'Age?', save_as: 'age', expect: { type: 'number', min: 18 }, max_retries: 1, next: 'ok', on_fail: 'age' },
        ok: { type: 'end', text: 'Age {{age}} noted.' },
      },
    });
    const turns = await converse(stubborn, createFakeServices(), ['twelve', '12', '17', '16', '42']);
    expect(turns.slice(1, 5).map((turn) => turn.reply.content)).toEqual(["Sorry, I didn't catch that. Age?", 'Age?', "Sorry, I didn't catch that. Age?", 'Age?']);
    expect(turns.at(-1)).toMatchObject({ reply: { content: 'Age 42 noted.' }, variables: { age: 42 } });
  });

  it('extracts an answer with the LLM and normalises it with the typed check', async () => {
    const llm = createFakeLlm();
    const extracting = compile({
      start: 'when',
      nodes: {
        when: { type: 'ask', text: 'When did it happen?', save_as: 'date', expect: { type: 'date', llm: 'the date of the incident' }, next: 'ok' },
        ok: { type: 'end', text: 'Noted: {{date}}.' },
      },
    });
    llm.enqueue({ content: '{"value": "24/12/2026"}' });
    const [, answer] = await converse(extracting, createFakeServices({ llm }), ['it was on Christmas eve this year']);
    expect(answer).toMatchObject({ reply: { content: 'Noted: 2026-12-24.' }, llm: 'ok' });
    expect(llm.requests[0]).toMatchObject({ json: true, messages: [{ role: 'system' }, { role: 'user', content: 'it was on Christmas eve this year' }] });
  });

  it('skips LLM extraction when the answer already names a choice', async () => {
    const llm = createFakeLlm();
    const extracting = compile({
      start: 'kind',
      nodes: {
        kind: { type: 'ask', text: 'Car or home?', save_as: 'kind', choices: ['Car', 'Home'], expect: { llm: 'the kind of policy' }, next: 'ok' },
        ok: { type: 'end', text: '{{kind}}' },
      },
    });
    const [, direct] = await converse(extracting, createFakeServices({ llm }), ['car']);
    expect(direct).toMatchObject({ reply: { content: 'Car' }, state: 'ended', llm: 'not_used' });
    expect(llm.requests).toHaveLength(0);
  });

  it('accepts the trimmed answer for LLM extraction when no LLM is configured', async () => {
    const extracting = compile({
      start: 'issue',
      nodes: {
        issue: { type: 'ask', text: 'What happened?', save_as: 'issue', expect: { llm: 'a short description of the damage' }, next: 'ok' },
        ok: { type: 'end', text: 'Noted: {{issue}}.' },
      },
    });
    const [, answer] = await converse(extracting, createFakeServices(), ['  a broken window ']);
    expect(answer).toMatchObject({ reply: { content: 'Noted: a broken window.' }, llm: 'unavailable' });
  });
});

describe('tool and branch nodes', () => {
  const definition = {
    start: 'lookup',
    nodes: {
      lookup: { type: 'tool', tool: 'get_policy', args: { id: '{{policy_id}}', note: 'policy {{policy_id}}' }, save_as: 'policy', text: 'Found policy {{policy.id}}.', next: 'route', on_error: 'sorry' },
      route: {
        type: 'branch',
        cases: [{ if: { all: [{ var: 'policy.active', eq: true }, { var: 'policy.premium', gte: 100 }] }, to: 'gold' }, { if: { var: 'policy.active', eq: true }, to: 'active' }],
        else: 'inactive',
      },
      gold: { type: 'end', text: 'Gold.' },
      active: { type: 'end', text: 'Active.' },
      inactive: { type: 'end', text: 'Inactive.' },
      sorry: { type: 'transfer', text: 'Our system is down.', destination: 'human' },
    },
  };
  const machine = compile(definition);

  it('calls the tool with rendered args, saves the result, speaks, and branches on it', async () => {
    const clock = manualClock();
    const services = createFakeServices({
      clock,
      tools: { get_policy: (args) => (clock.advance(40), { id: 'P-1', active: true, premium: 50, echo: args }) },
    });
    const outcome = await startWorkflow({ machine, input: { variables: { policy_id: 123456 } }, services, signal });
    expect(services.toolCalls).toEqual([{ name: 'get_policy', args: { id: 123456, note: 'policy 123456' } }]);
    expect(outcome).toMatchObject({ reply: { content: 'Found policy P-1.\n\nActive.' }, state: 'ended', node: 'active' });
    expect(outcome.toolCalls).toEqual([
      { name: 'get_policy', args: { id: 123456, note: 'policy 123456' }, result: expect.objectContaining({ id: 'P-1' }), ms: 40, kind: 'tool' },
    ]);
    expect(outcome.latency).toEqual({ llm_ttfb_ms: null, llm_total_ms: null, tool_ms: 40 });
  });

  it('says the agent first message before a start node that has no text of its own', async () => {
    const greeted = compileWorkflow(workflow(definition), agentConfig({ firstMessage: 'Welcome!' }, ['get_policy']));
    const services = createFakeServices({ tools: { get_policy: () => ({ id: 'P-3', active: false }) } });
    const outcome = await startWorkflow({ machine: greeted, input: { variables: {} }, services, signal });
    expect(outcome.reply.content).toBe('Welcome!\n\nFound policy P-3.\n\nInactive.');
  });

  it('takes the first matching case, and else when none matches', async () => {
    const run = async (policy: unknown) =>
      (await startWorkflow({ machine, input: { variables: {} }, services: createFakeServices({ tools: { get_policy: () => policy } }), signal })).node;
    expect(await run({ active: true, premium: 150 })).toBe('gold');
    expect(await run({ active: false })).toBe('inactive');
    expect(await run(null)).toBe('inactive');
  });

  it('follows on_error when the tool fails, recording the error', async () => {
    const services = createFakeServices({ tools: { get_policy: () => Promise.reject(new Error('HTTP 503')) } });
    const outcome = await startWorkflow({ machine, input: { variables: {} }, services, signal });
    expect(outcome).toMatchObject({ reply: { content: 'Our system is down.' }, state: 'transferred', transfer: { destination: 'human' } });
    expect(outcome.toolCalls).toMatchObject([{ name: 'get_policy', error: 'HTTP 503', kind: 'tool' }]);
  });

  it('without on_error, apologises, waits, and retries the call on the next message', async () => {
    const { on_error: _onError, ...lookup } = definition.nodes.lookup;
    const { sorry: _sorry, ...nodes } = definition.nodes;
    const fragile = compile({ ...definition, nodes: { ...nodes, lookup } });
    let attempts = 0;
    const services = createFakeServices({
      tools: { get_policy: () => (++attempts === 1 ? Promise.reject(new Error('timeout')) : { id: 'P-2', active: false }) },
    });
    const [failed, retried] = await converse(fragile, services, ['try again']);
    expect(failed).toMatchObject({ state: 'waiting', node: 'lookup', reply: { content: expect.stringMatching(/^Sorry, something went wrong/) } });
    expect(retried).toMatchObject({ state: 'ended', reply: { content: 'Found policy P-2.\n\nInactive.' } });
  });
});

describe('interrupts', () => {
  const machine = compile({
    start: 'name',
    nodes: {
      name: { type: 'ask', text: 'Your name?', save_as: 'name', next: 'bye' },
      bye: { type: 'end', text: 'Bye {{name}}.' },
      human: { type: 'transfer', text: 'Connecting you to a person.', destination: 'human' },
    },
    interrupts: [{ match: ['agent', 'real person'], to: 'human' }],
  });

  it('jumps to the interrupt target when a waiting node hears a match phrase as whole words', async () => {
    const [, outcome] = await converse(machine, createFakeServices(), ['Can I talk to a REAL   person?']);
    expect(outcome).toMatchObject({ state: 'transferred', transfer: { destination: 'human' }, reply: { content: 'Connecting you to a person.' } });
  });

  it('ignores a match phrase inside another word', async () => {
    const [, outcome] = await converse(machine, createFakeServices(), ['Agenda']);
    expect(outcome).toMatchObject({ state: 'ended', variables: { name: 'Agenda' } });
  });
});
