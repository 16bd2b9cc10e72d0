import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile-workflow.ts';
import { continueWorkflow, startWorkflow } from './run-turn.ts';
import { agentConfig, converse, createFakeServices, workflow } from './runtime-fakes.ts';
import { WorkflowRuntimeError } from './workflow-errors.ts';

const signal = new AbortController().signal;
const compile = (json: unknown) => compileWorkflow(workflow(json), agentConfig({}, ['get_policy']));

describe('persistence and failure', () => {
  const machine = compile({
    start: 'first',
    nodes: {
      first: { type: 'ask', text: 'First?', save_as: 'first', next: 'second' },
      second: { type: 'ask', text: 'Second?', save_as: 'second', next: 'lookup' },
      lookup: { type: 'tool', tool: 'get_policy', save_as: 'policy', next: 'bye' },
      bye: { type: 'end', text: '{{first}} {{second}} {{policy.ok}}' },
    },
  });

  it('stores a JSON snapshot with an empty outbox that a later turn restores mid-conversation', async () => {
    const services = createFakeServices({ tools: { get_policy: () => ({ ok: 'yes' }) } });
    const [, middle] = await converse(machine, services, ['one']);
    const stored: unknown = JSON.parse(JSON.stringify(middle?.snapshot));
    expect(stored).toMatchObject({ status: 'active', context: { outbox: [], node: 'second', variables: { first: 'one' } } });
    expect(stored).toMatchObject({
      context: { history: [{ role: 'assistant', content: 'First?' }, { role: 'user', content: 'one' }, { role: 'assistant', content: 'Second?' }] },
    });
    const last = await continueWorkflow({ machine, snapshot: stored, text: 'two', services, signal });
    expect(last).toMatchObject({ state: 'ended', reply: { content: 'one two yes' } });
  });

  it('rejects with the abort reason when the signal aborts during a tool call', async () => {
    const controller = new AbortController();
    const services = createFakeServices({
      tools: {
        get_policy: (_args, toolSignal) => {
          controller.abort(new Error('client went away'));
          return new Promise((_, reject) => toolSignal.addEventListener('abort', () => reject(new Error('tool aborted'))));
        },
      },
    });
    const [, middle] = await converse(machine, services, ['one']);
    const turn = continueWorkflow({ machine, snapshot: middle?.snapshot, text: 'two', services, signal: controller.signal });
    await expect(turn).rejects.toThrow('client went away');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(startWorkflow({ machine, input: { variables: {} }, services: createFakeServices(), signal: controller.signal })).rejects.toThrow('gone');
  });

  it('rejects a snapshot that is not one of ours', async () => {
    const turn = continueWorkflow({ machine, snapshot: { status: 'active', value: 'nowhere' }, text: 'hi', services: createFakeServices(), signal });
    await expect(turn).rejects.toMatchObject({ code: 'invalid_snapshot' });
  });

  it('stops a cycle of non-waiting nodes with a workflow_loop error', async () => {
    const looping = compile({
      start: 'a',
      nodes: { a: { type: 'say', text: 'again', next: 'b' }, b: { type: 'branch', cases: [{ if: { var: 'never', exists: true }, to: 'c' }], else: 'a' }, c: { type: 'end' } },
    });
    const turn = startWorkflow({ machine: looping, input: { variables: {} }, services: createFakeServices(), signal });
    await expect(turn).rejects.toBeInstanceOf(WorkflowRuntimeError);
    await expect(turn).rejects.toMatchObject({ code: 'workflow_loop' });
  });

  it('accepts node ids with dots', async () => {
    const dotted = compile({ start: 'step.1', nodes: { 'step.1': { type: 'say', text: 'one', next: 'step.2' }, 'step.2': { type: 'end', text: 'two' } } });
    const outcome = await startWorkflow({ machine: dotted, input: { variables: {} }, services: createFakeServices(), signal });
    expect(outcome).toMatchObject({ reply: { content: 'one\n\ntwo' }, node: 'step.2', state: 'ended' });
  });
});
