import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { workflow } from './runtime-fakes.ts';
import { validateWorkflow } from './validate-workflow.ts';
import { WorkflowValidationError } from './workflow-errors.ts';

const tools = new Set(['get_policy', 'create_ticket']);

function failure(definition: WorkflowDefinition): WorkflowValidationError {
  try {
    validateWorkflow(definition, tools);
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error;
    throw error;
  }
  throw new Error('expected the workflow to be rejected');
}

const base = {
  start: 'hello',
  nodes: {
    hello: { type: 'say', text: 'Hi', next: 'bye' },
    bye: { type: 'end' },
  },
};
const withNodes = (nodes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  workflow({ ...base, ...extra, nodes: { ...base.nodes, ...nodes } });

describe('validateWorkflow', () => {
  it('accepts a valid workflow', () => {
    expect(() => validateWorkflow(workflow(base), tools)).not.toThrow();
  });

  it('rejects a missing start node', () => {
    const error = failure(workflow({ ...base, start: 'nowhere' }));
    expect(error).toMatchObject({ code: 'invalid_workflow', node: 'nowhere' });
    expect(error.message).toBe('Node "nowhere": start node "nowhere" does not exist');
  });

  it.each([
    ['next', { a: { type: 'say', text: '', next: 'ghost' } }],
    ['on_fail', { a: { type: 'ask', text: '?', save_as: 'x', next: 'bye', on_fail: 'ghost' } }],
    ['on_error', { a: { type: 'tool', tool: 'get_policy', next: 'bye', on_error: 'ghost' } }],
    ['cases[0].to', { a: { type: 'branch', cases: [{ if: { var: 'x', exists: true }, to: 'ghost' }], else: 'bye' } }],
    ['else', { a: { type: 'branch', cases: [{ if: { var: 'x', exists: true }, to: 'bye' }], else: 'ghost' } }],
    ['exits[0].to', { a: { type: 'llm', prompt: '', exits: [{ when: 'done', to: 'ghost' }] } }],
    ['on_max_turns', { a: { type: 'llm', prompt: '', on_max_turns: 'ghost' } }],
  ])('rejects a dangling %s target, naming the node', (field, nodes) => {
    const error = failure(withNodes({ ...nodes, hello: { type: 'say', text: 'Hi', next: 'a' } }));
    expect(error.node).toBe('a');
    expect(error.message).toBe(`Node "a": ${field} target "ghost" does not exist`);
  });

  it('rejects a dangling interrupt target', () => {
    const error = failure(withNodes({}, { interrupts: [{ match: ['agent'], to: 'ghost' }] }));
    expect(error.message).toBe('interrupts[0].to target "ghost" does not exist');
  });

  it('rejects an unreachable node', () => {
    const error = failure(withNodes({ orphan: { type: 'end', text: 'never' } }));
    expect(error).toMatchObject({ node: 'orphan', message: 'Node "orphan": unreachable from the start node or any interrupt' });
  });

  it('counts interrupt targets and what they lead to as reachable', () => {
    const definition = withNodes(
      { human: { type: 'say', text: 'One moment', next: 'handoff' }, handoff: { type: 'transfer', destination: 'human' } },
      { interrupts: [{ match: ['agent'], to: 'human' }] },
    );
    expect(() => validateWorkflow(definition, tools)).not.toThrow();
  });

  it('rejects a cycle of say, tool and branch nodes that no path leaves, naming a node of it', () => {
    const sayLoop = failure(workflow({ start: 'hello', nodes: { hello: { type: 'say', text: 'Hi', next: 'route' }, route: { type: 'branch', cases: [{ if: { var: 'x', eq: 1 }, to: 'hello' }], else: 'hello' } } }));
    expect(sayLoop).toMatchObject({ code: 'invalid_workflow', node: 'hello' });
    expect(sayLoop.message).toMatch(/^Node "hello": loops forever: no path from it reaches a node that waits for the user or ends the conversation/);
    const selfLoop = failure(workflow({ start: 'hello', nodes: { hello: { type: 'say', text: 'Hi', next: 'again' }, again: { type: 'say', text: 'again', next: 'again' } } }));
    expect(selfLoop.node).toBe('hello');
    const toolLoop = failure(workflow({ start: 'hello', nodes: { hello: { type: 'tool', tool: 'get_policy', next: 'hello', on_error: 'hello' } } }));
    expect(toolLoop.node).toBe('hello');
  });

  it('accepts a cycle a branch condition may leave, and one through a tool without on_error, which waits when its call fails', () => {
    const conditional = withNodes({ hello: { type: 'say', text: 'Hi', next: 'route' }, route: { type: 'branch', cases: [{ if: { var: 'done', eq: true }, to: 'bye' }], else: 'hello' } });
    expect(() => validateWorkflow(conditional, tools)).not.toThrow();
    const polling = withNodes({ hello: { type: 'tool', tool: 'get_policy', next: 'check' }, check: { type: 'branch', cases: [{ if: { var: 'ready', eq: true }, to: 'bye' }], else: 'hello' } });
    expect(() => validateWorkflow(polling, tools)).not.toThrow();
  });

  it('rejects an unknown tool on a tool node and on an llm node', () => {
    const toolNode = failure(withNodes({ hello: { type: 'tool', tool: 'get_polcy', next: 'bye' } }));
    expect(toolNode.message).toBe('Node "hello": unknown tool "get_polcy"');
    const llmNode = failure(withNodes({ hello: { type: 'llm', prompt: 'p', tools: ['create_ticket', 'delete_all'], exits: [{ when: 'done', to: 'bye' }] } }));
    expect(llmNode.message).toBe('Node "hello": unknown tool "delete_all"');
  });

  it('rejects two exits offered under the same function name', () => {
    const error = failure(
      withNodes({ hello: { type: 'llm', prompt: 'p', exits: [{ when: 'a', to: 'bye', name: 'done' }, { when: 'b', to: 'bye', name: 'done' }] } }),
    );
    expect(error.message).toBe('Node "hello": exit function "exit_done" is defined twice');
  });

  it('rejects a bad regex in an ask pattern and in a branch condition', () => {
    const ask = failure(withNodes({ hello: { type: 'ask', text: '?', save_as: 'x', expect: { pattern: '([0-9]' }, next: 'bye' } }));
    expect(ask.message).toMatch(/^Node "hello": expect.pattern is not a valid regular expression/);
    const branch = failure(
      withNodes({ hello: { type: 'branch', cases: [{ if: { any: [{ var: 'x', exists: true }, { var: 'y', matches: '*oops' }] }, to: 'bye' }], else: 'bye' } }),
    );
    expect(branch.message).toMatch(/^Node "hello": cases\[0\]\.if\.any\[1\]\.matches is not a valid regular expression/);
  });

  it('rejects backreferences and lookaround, which the linear-time engine cannot run, naming the node and field', () => {
    const ask = failure(withNodes({ hello: { type: 'ask', text: '?', save_as: 'x', expect: { pattern: '^(\\d)\\1+$' }, next: 'bye' } }));
    expect(ask.message).toBe(
      'Node "hello": expect.pattern is not a valid regular expression (backreferences such as \\1 are not supported: patterns run on a linear-time engine (RE2 syntax))',
    );
    const branch = failure(withNodes({ hello: { type: 'branch', cases: [{ if: { var: 'x', matches: '^(?=.*\\d)' }, to: 'bye' }], else: 'bye' } }));
    expect(branch).toMatchObject({ node: 'hello' });
    expect(branch.message).toMatch(/^Node "hello": cases\[0\]\.if\.matches is not a valid regular expression \(lookahead/);
  });

  it('leaves patterns unchecked when asked to, as compiling a stored version does', () => {
    const stored = withNodes({ hello: { type: 'ask', text: '?', save_as: 'x', expect: { pattern: '(?<=a)b' }, next: 'bye' } });
    expect(() => validateWorkflow(stored, tools, { checkPatterns: false })).not.toThrow();
    expect(() => validateWorkflow(stored, tools)).toThrow(WorkflowValidationError);
  });

  it('rejects a branch condition whose var is not a dotted path', () => {
    const definition = withNodes({ hello: { type: 'branch', cases: [{ if: { var: 'ok', exists: true }, to: 'bye' }], else: 'bye' } });
    const hello = definition.nodes.hello;
    // Built past the schema, as a caller skipping zod would.
    if (hello?.type === 'branch') hello.cases[0] = { if: { var: 'policy..active', eq: true }, to: 'bye' };
    expect(failure(definition).message).toBe('Node "hello": cases[0].if: "policy..active" is not a variable path like policy.active');
  });
});
