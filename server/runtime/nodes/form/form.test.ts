import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../../compile-workflow.ts';
import { agentConfig, converse, createFakeServices, workflow } from '../../runtime-fakes.ts';
import { WorkflowValidationError } from '../../workflow-errors.ts';
import { validateWorkflow } from '../../validate-workflow.ts';
import { workflowDefinitionSchema } from '../../../../shared/workflow-schema.ts';
import { readFields } from './read-fields.ts';

const booking = (form: Record<string, unknown> = {}) => ({
  start: 'details',
  nodes: {
    details: {
      type: 'form',
      text: 'To book I need your name, e-mail and party size.',
      fields: [
        { name: 'name', description: 'the name the table is booked under' },
        { name: 'email', label: 'e-mail', type: 'email' },
        { name: 'party_size', type: 'number', min: 1, max: 12 },
      ],
      next: 'done',
      on_fail: 'human',
      ...form,
    },
    done: { type: 'end', text: 'Booked for {{party_size}}, {{name}}. A confirmation goes to {{email}}.' },
    human: { type: 'transfer', text: 'Let me find someone to help.', destination: 'human' },
  },
});

const compile = (json: unknown) => compileWorkflow(workflow(json), agentConfig());

describe('form node', () => {
  it('asks for every field in one message and waits', async () => {
    const [opening] = await converse(compile(booking()), createFakeServices(), []);
    expect(opening).toMatchObject({ reply: { content: 'To book I need your name, e-mail and party size.' }, state: 'waiting', node: 'details' });
  });

  it('takes every field from one answer, saves each as a variable and moves on', async () => {
    const [, answer] = await converse(compile(booking()), createFakeServices(), ['Ada Lovelace, ada@example.com, 4']);
    expect(answer).toMatchObject({
      state: 'ended',
      variables: { name: 'Ada Lovelace', email: 'ada@example.com', party_size: 4 },
      reply: { content: 'Booked for 4, Ada Lovelace. A confirmation goes to ada@example.com.' },
    });
  });

  it('re-asks only the missing fields after a partial answer, then completes', async () => {
    const turns = await converse(compile(booking()), createFakeServices(), ['Ada Lovelace, 4 people', 'ada@example.com']);
    expect(turns[1]).toMatchObject({ state: 'waiting', node: 'details', reply: { content: 'Thanks. I still need your e-mail.' } });
    expect(turns[1]?.variables).toEqual({ name: 'Ada Lovelace', party_size: 4 });
    expect(turns[2]).toMatchObject({ state: 'ended', variables: { name: 'Ada Lovelace', email: 'ada@example.com', party_size: 4 } });
  });

  it('re-asks an invalid e-mail and keeps the valid fields', async () => {
    const turns = await converse(compile(booking()), createFakeServices(), ['name: Ada, email: ada@nowhere, party size: 2', 'ada@example.com']);
    expect(turns[1]?.reply.content).toBe('Thanks. I still need your e-mail.');
    expect(turns[1]?.variables).toEqual({ name: 'Ada', party_size: 2 });
    expect(turns[2]).toMatchObject({ state: 'ended', variables: { name: 'Ada', email: 'ada@example.com', party_size: 2 } });
  });

  it('goes to on_fail once max_retries answers have added nothing', async () => {
    const turns = await converse(compile(booking({ max_retries: 1 })), createFakeServices(), ['Ada', 'dunno', 'still dunno']);
    expect(turns[1]?.reply.content).toBe('Thanks. I still need your e-mail and party size.');
    expect(turns[2]).toMatchObject({ state: 'waiting', reply: { content: "Sorry, I didn't catch that. I still need your e-mail and party size." } });
    expect(turns[3]).toMatchObject({ state: 'transferred', transfer: { destination: 'human' }, reply: { content: 'Let me find someone to help.' } });
  });

  it('says the agent first message before its question when it is the start node', async () => {
    const machine = compileWorkflow(workflow(booking()), agentConfig({ firstMessage: 'Welcome to Harbor Bistro!' }));
    const [opening] = await converse(machine, createFakeServices(), []);
    expect(opening?.reply.content).toBe('Welcome to Harbor Bistro!\n\nTo book I need your name, e-mail and party size.');
  });
});

describe('reading a form answer', () => {
  const fields = [{ name: 'name' }, { name: 'email', type: 'email' as const }, { name: 'party_size', type: 'number' as const }];

  it('finds typed values inside longer parts and free text by order', () => {
    expect(readFields(fields, 'Grace Hopper; we are 3; grace@navy.example')).toEqual({ name: 'Grace Hopper', email: 'grace@navy.example', party_size: 3 });
  });

  it('reads labelled values whatever their order', () => {
    expect(readFields(fields, 'party size: 5\nemail: g@h.example\nname: Grace')).toEqual({ name: 'Grace', email: 'g@h.example', party_size: 5 });
  });

  it('finds nothing in an empty answer', () => {
    expect(readFields(fields, '  ')).toEqual({});
  });
});

describe('form node validation', () => {
  const reject = (json: unknown): WorkflowValidationError => {
    try {
      validateWorkflow(workflow(json), new Set());
    } catch (error) {
      if (error instanceof WorkflowValidationError) return error;
      throw error;
    }
    throw new Error('expected the workflow to be rejected');
  };

  it('rejects a dangling next, naming the node', () => {
    expect(reject(booking({ next: 'nowhere' })).message).toBe('Node "details": next target "nowhere" does not exist');
  });

  it('rejects a dangling on_fail, naming the node', () => {
    expect(reject(booking({ on_fail: 'nowhere' })).message).toBe('Node "details": on_fail target "nowhere" does not exist');
  });

  it('rejects a field name used twice', () => {
    expect(reject(booking({ fields: [{ name: 'email', type: 'email' }, { name: 'email' }] })).message).toBe(
      'Node "details": fields[1].name "email" is used twice',
    );
  });

  it('rejects a field pattern the linear-time engine cannot run', () => {
    expect(reject(booking({ fields: [{ name: 'code', pattern: '(a)\\1' }] })).message).toMatch(/^Node "details": fields\[0\]\.pattern is not a valid regular expression/);
  });

  it('rejects an unknown field type in the schema', () => {
    const parsed = workflowDefinitionSchema.safeParse(booking({ fields: [{ name: 'when', type: 'datetime' }] }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['nodes', 'details', 'fields', 0, 'type']);
  });
});
