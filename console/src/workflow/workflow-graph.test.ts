import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema } from '../../../shared/workflow-schema.ts';
import { workflowGraph } from './workflow-graph.ts';

/** DESIGN §3's example, with choices on the policy question. */
const claims = workflowDefinitionSchema.parse({
  start: 'greet',
  nodes: {
    greet: { type: 'say', text: 'Hi {{customer_name}}! I can help with claims.', next: 'policy' },
    policy: { type: 'ask', text: 'What is your policy number?', save_as: 'policy_number', expect: { pattern: '^\\d{6}$' }, next: 'lookup', on_fail: 'human' },
    lookup: { type: 'tool', tool: 'get_policy', args: { id: '{{policy_number}}' }, save_as: 'policy', next: 'route', on_error: 'human' },
    route: { type: 'branch', cases: [{ if: { all: [{ var: 'policy.active', eq: true }, { var: 'policy.age', gte: 18 }] }, to: 'chat' }], else: 'inactive' },
    chat: { type: 'llm', prompt: 'Help file a claim.', tools: ['create_ticket'], exits: [{ when: 'the claim is filed', to: 'bye' }] },
    human: { type: 'transfer', text: 'Connecting you to a person.', destination: 'human' },
    inactive: { type: 'ask', text: 'Try another policy?', save_as: 'again', choices: ['Yes', { label: 'No' }], next: 'bye' },
    bye: { type: 'end', text: 'Thanks, your claim is filed.' },
  },
  interrupts: [{ match: ['agent', 'human'], to: 'human' }],
});

describe('the workflow as a graph', () => {
  it('labels each edge with what takes it: the answer, a condition, the choices, an exit, an error', () => {
    const { edges } = workflowGraph(claims, new Set(['get_policy', 'create_ticket']));
    const label = (from: string, to: string) => edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.kind}: ${e.label}`);
    expect(label('policy', 'lookup')).toEqual(['next: answer → policy_number']);
    expect(label('policy', 'human')).toEqual(['fail: on fail']);
    expect(label('lookup', 'human')).toEqual(['error: on error']);
    expect(label('route', 'chat')).toEqual(['condition: policy.active = true and policy.age ≥ 18']);
    expect(label('route', 'inactive')).toEqual(['else: else']);
    expect(label('chat', 'bye')).toEqual(['exit: the claim is filed']);
    expect(label('inactive', 'bye')).toEqual(['choice: Yes / No']);
  });

  it('marks the start node and the targets of interrupts, and finds no problem in a sound workflow', () => {
    const graph = workflowGraph(claims, new Set(['get_policy', 'create_ticket']));
    expect(graph.nodes.find((n) => n.start)?.id).toBe('greet');
    expect(graph.nodes.find((n) => n.id === 'human')?.interruptedBy).toEqual(['agent', 'human']);
    expect(graph.problems).toEqual([]);
  });

  it('names the node of each problem the compiler would refuse: a dangling target, an unreachable node, an unknown tool', () => {
    const broken = { ...claims, nodes: { ...claims.nodes, greet: { type: 'say' as const, text: 'Hi', next: 'nowhere' } } };
    const { problems, edges } = workflowGraph(broken, new Set(['get_policy']));
    expect(edges.find((e) => e.from === 'greet')).toMatchObject({ to: 'nowhere', dangling: true });
    expect(problems).toContainEqual({ node: 'greet', message: 'next target "nowhere" does not exist' });
    expect(problems).toContainEqual({ node: 'chat', message: 'unknown tool "create_ticket"' });
    expect(problems).toContainEqual({ node: 'policy', message: 'unreachable from the start node or any interrupt' });
    // `human` stays reachable through the interrupt.
    expect(problems.some((p) => p.node === 'human')).toBe(false);
  });
});
