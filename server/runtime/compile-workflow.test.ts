import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { compileWorkflow, createMachineCache } from './compile-workflow.ts';
import { agentConfig, workflow } from './runtime-fakes.ts';
import { WorkflowValidationError } from './workflow-errors.ts';

const definition = workflow({
  start: 'name',
  nodes: {
    name: { type: 'ask', text: 'Name?', save_as: 'name', next: 'bye' },
    bye: { type: 'end', text: 'Bye.' },
    human: { type: 'transfer', destination: 'human' },
  },
  interrupts: [{ match: ['agent'], to: 'human' }],
});

describe('compileWorkflow', () => {
  it('validates the definition before compiling it', () => {
    const broken = workflow({ start: 'a', nodes: { a: { type: 'tool', tool: 'nope', next: 'a' } } });
    expect(() => compileWorkflow(broken, agentConfig())).toThrow(WorkflowValidationError);
  });

  it('builds one state per node, the loop guard and hand-over states, waiting states tagged and end/transfer final', () => {
    const machine = compileWorkflow(definition, agentConfig());
    expect(Object.keys(machine.root.states)).toEqual(['name', 'bye', 'human', '%looped', '%gave-up']);
    expect(machine.root.states['%gave-up']?.type).toBe('final');
    expect(machine.root.states.bye?.type).toBe('final');
    expect(machine.root.states.human?.type).toBe('final');
    const actor = createActor(machine, { input: { variables: {} } }).start();
    expect(actor.getSnapshot().hasTag('waiting')).toBe(true);
    actor.stop();
  });

  it('enters the looped state when a turn spends its step budget, instead of failing the actor', () => {
    const loop = workflow({
      start: 'a',
      nodes: {
        a: { type: 'say', text: 'A', next: 'b' },
        b: { type: 'branch', cases: [{ if: { var: 'never', exists: true }, to: 'ask' }], else: 'a' },
        ask: { type: 'ask', text: 'Q?', save_as: 'q', next: 'a' },
      },
    });
    const actor = createActor(compileWorkflow(loop, agentConfig()), { input: { variables: {} } });
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    const snapshot = actor.getSnapshot();
    expect(errors).toEqual([]);
    expect(snapshot.status).toBe('active');
    expect(snapshot.hasTag('looped')).toBe(true);
    expect(snapshot.context.steps).toBe(101);
    actor.stop();
  });

  it('is not affected by later edits to the definition it compiled', () => {
    const copy = structuredClone(definition);
    const machine = compileWorkflow(copy, agentConfig());
    const bye = copy.nodes.bye;
    if (bye?.type === 'end') bye.text = 'Changed.';
    const actor = createActor(machine, { input: { variables: {} } }).start();
    actor.send({ type: 'user.message', text: 'Ada' });
    expect(actor.getSnapshot().context.outbox).toEqual([{ text: 'Bye.' }]);
  });
});

describe('createMachineCache', () => {
  it('compiles once per key and forgets the oldest entry beyond its size', () => {
    const cache = createMachineCache({ maxEntries: 2 });
    let compiled = 0;
    const compile = () => (compiled += 1, compileWorkflow(definition, agentConfig()));
    const first = cache.get('agent_1:1', compile);
    expect(cache.get('agent_1:1', compile)).toBe(first);
    cache.get('agent_1:2', compile);
    cache.get('agent_2:1', compile);
    expect(cache.size).toBe(2);
    expect(cache.get('agent_1:1', compile)).not.toBe(first);
    expect(compiled).toBe(4);
  });
});
