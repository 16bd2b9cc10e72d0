import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile-workflow.ts';
import { agentConfig, converse, createFakeLlm, createFakeServices, workflow } from './runtime-fakes.ts';
import type { FakeLlm } from './runtime-fakes.ts';

/** The example workflow of DESIGN §3, verbatim. */
const example = {
  start: 'greet',
  nodes: {
    greet: { type: 'say', text: 'Hi {{customer_name}}! I can help with claims.', next: 'policy' },
    policy: {
      type: 'ask', text: 'What is your policy number?', save_as: 'policy_number',
      expect: { pattern: '^\\d{6}$' }, retry_text: 'Six digits, please.',
      max_retries: 2, next: 'lookup', on_fail: 'human',
    },
    lookup: { type: 'tool', tool: 'get_policy', args: { id: '{{policy_number}}' }, save_as: 'policy', next: 'route', on_error: 'human' },
    route: { type: 'branch', cases: [{ if: { var: 'policy.active', eq: true }, to: 'chat' }], else: 'inactive' },
    chat: {
      type: 'llm', prompt: 'Help the caller file a claim for policy {{policy_number}}.',
      tools: ['create_ticket'], exits: [{ when: 'the claim is filed', to: 'bye' }], max_turns: 12,
    },
    human: { type: 'transfer', text: 'Connecting you to a person.', destination: 'human' },
    inactive: { type: 'end', text: 'That policy is not active. Goodbye.' },
    bye: { type: 'end', text: 'Thanks, your claim is filed.' },
  },
  interrupts: [{ match: ['agent', 'human', 'operator'], to: 'human' }],
};

const machine = compileWorkflow(workflow(example), agentConfig({}, ['get_policy', 'create_ticket']));

async function run(llm: FakeLlm, policy: unknown, messages: string[]) {
  const services = createFakeServices({
    llm,
    tools: { get_policy: (args) => ({ ...(typeof policy === 'object' ? policy : {}), args }), create_ticket: () => ({ ticket: 'T-1' }) },
  });
  const turns = await converse(machine, services, messages, { customer_name: 'Ada' });
  return { turns, services };
}

describe('the DESIGN §3 example workflow', () => {
  it('greets, validates the policy number, looks it up, files the claim with the LLM and says goodbye', async () => {
    const llm = createFakeLlm();
    llm.enqueue(
      { content: 'Your policy is active. What happened?' },
      { toolCalls: [{ name: 'create_ticket', arguments: { summary: 'broken window' } }] },
      { content: 'I filed ticket T-1 for your window.' },
      { toolCalls: [{ name: 'exit_0' }] },
    );
    const { turns, services } = await run(llm, { active: true }, ['12', '123456', 'A storm broke my window', 'Great, thanks']);

    expect(turns.map((turn) => turn.reply.content)).toEqual([
      'Hi Ada! I can help with claims.\n\nWhat is your policy number?',
      'Six digits, please.',
      'Your policy is active. What happened?',
      'I filed ticket T-1 for your window.',
      'Thanks, your claim is filed.',
    ]);
    expect(services.toolCalls).toEqual([
      { name: 'get_policy', args: { id: '123456' } },
      { name: 'create_ticket', args: { summary: 'broken window' } },
    ]);
    expect(turns.map((turn) => turn.node)).toEqual(['policy', 'policy', 'chat', 'chat', 'bye']);
    expect(turns.at(-1)).toMatchObject({ state: 'ended', variables: { policy_number: '123456', policy: { active: true } } });
    expect(llm.requests[0]?.messages[0]?.content).toContain('Help the caller file a claim for policy 123456.');
  });

  it('ends when the policy is not active', async () => {
    const { turns } = await run(createFakeLlm(), { active: false }, ['654321']);
    expect(turns.at(-1)).toMatchObject({ state: 'ended', node: 'inactive', reply: { content: 'That policy is not active. Goodbye.' } });
  });

  it('transfers to a person after too many bad policy numbers', async () => {
    const { turns } = await run(createFakeLlm(), {}, ['1', '2', '3']);
    expect(turns.at(-1)).toMatchObject({ state: 'transferred', transfer: { destination: 'human' }, reply: { content: 'Connecting you to a person.' } });
  });

  it('transfers when the caller asks for an operator, whatever node is waiting', async () => {
    const { turns } = await run(createFakeLlm(), {}, ['Operator please']);
    expect(turns.at(-1)).toMatchObject({ state: 'transferred', node: 'human' });
  });
});
