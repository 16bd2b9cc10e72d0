/**
 * A workflow definition as a graph to draw: its nodes, its edges each labelled with what
 * takes it (a condition, the choices offered, an exit's `when`, an error), its interrupts,
 * and the problems the console can see before saving — the rules of the server's
 * compiler that need nothing but the definition (a missing start, a dangling target, a
 * node nothing reaches, an unknown tool). The server stays the judge when a draft is saved.
 */
import type { WorkflowDefinition, WorkflowNode } from '../../../shared/workflow-schema.ts';
import { conditionText } from './condition-text.ts';

export type EdgeKind = 'next' | 'condition' | 'else' | 'choice' | 'exit' | 'error' | 'fail';

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  kind: EdgeKind;
  /** The field holding the target, as the compiler names it: `cases[0].to`. */
  field: string;
  /** The target is not a node of the workflow. */
  dangling: boolean;
}

export interface GraphNode {
  id: string;
  type: WorkflowNode['type'];
  /** A line of what the node says or does, for its box. */
  summary: string;
  start: boolean;
  /** Interrupts that jump here, by their phrases. */
  interruptedBy: string[];
}

export interface GraphProblem {
  /** The node at fault, when there is one. */
  node: string | null;
  message: string;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  problems: GraphProblem[];
}

const MAX_SUMMARY = 60;

function choiceLabels(node: Extract<WorkflowNode, { type: 'ask' }>): string[] {
  return (node.choices ?? []).map((choice) => (typeof choice === 'string' ? choice : choice.label));
}

function clip(text: string, max = MAX_SUMMARY): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Every edge of a node with its label: the drawing's counterpart of each node kind's `edges()` on the server. */
export function edgesOf(id: string, node: WorkflowNode): Omit<GraphEdge, 'dangling'>[] {
  const edge = (to: string, label: string, kind: EdgeKind, field: string) => ({ from: id, to, label, kind, field });
  switch (node.type) {
    case 'say':
      return [edge(node.next, '', 'next', 'next')];
    case 'ask': {
      const choices = choiceLabels(node);
      return [
        choices.length ? edge(node.next, clip(choices.join(' / '), 40), 'choice', 'next') : edge(node.next, `answer → ${node.save_as}`, 'next', 'next'),
        ...(node.on_fail === undefined ? [] : [edge(node.on_fail, 'on fail', 'fail', 'on_fail')]),
      ];
    }
    case 'form':
      return [edge(node.next, 'all fields in', 'next', 'next'), ...(node.on_fail === undefined ? [] : [edge(node.on_fail, 'on fail', 'fail', 'on_fail')])];
    case 'llm':
      return [
        ...node.exits.map((exit, index) => edge(exit.to, clip(exit.when, 40), 'exit', `exits[${index}].to`)),
        ...(node.on_max_turns === undefined ? [] : [edge(node.on_max_turns, `after ${node.max_turns} turns`, 'fail', 'on_max_turns')]),
        ...(node.on_error === undefined ? [] : [edge(node.on_error, 'on error', 'error', 'on_error')]),
      ];
    case 'tool':
      return [edge(node.next, node.save_as ? `→ ${node.save_as}` : '', 'next', 'next'), ...(node.on_error === undefined ? [] : [edge(node.on_error, 'on error', 'error', 'on_error')])];
    case 'branch':
      return [...node.cases.map((c, index) => edge(c.to, clip(conditionText(c.if), 40), 'condition', `cases[${index}].to`)), edge(node.else, 'else', 'else', 'else')];
    case 'transfer':
    case 'end':
      return [];
  }
}

function summaryOf(node: WorkflowNode): string {
  switch (node.type) {
    case 'say':
    case 'ask':
    case 'form':
      return clip(node.text);
    case 'llm':
      return clip(node.prompt);
    case 'tool':
      return `calls ${node.tool}`;
    case 'branch':
      return `${node.cases.length} case${node.cases.length === 1 ? '' : 's'} + else`;
    case 'transfer':
      return `to ${node.destination}`;
    case 'end':
      return clip(node.text ?? 'ends the conversation');
  }
}

function toolsCalled(node: WorkflowNode): string[] {
  if (node.type === 'tool') return [node.tool];
  if (node.type === 'llm') return node.tools;
  return [];
}

/**
 * @param toolNames the agent's tools; without them unknown tools are not reported.
 * @example workflowGraph(definition, new Set(['get_policy'])).problems // [{ node: 'lookup', message: 'next target "nowhere" does not exist' }]
 */
export function workflowGraph(definition: WorkflowDefinition, toolNames?: ReadonlySet<string>): WorkflowGraph {
  const ids = Object.keys(definition.nodes);
  const exists = (id: string) => Object.hasOwn(definition.nodes, id);
  const problems: GraphProblem[] = [];
  const interruptedBy = new Map<string, string[]>();
  for (const interrupt of definition.interrupts) {
    interruptedBy.set(interrupt.to, [...(interruptedBy.get(interrupt.to) ?? []), ...interrupt.match]);
    if (!exists(interrupt.to)) problems.push({ node: null, message: `an interrupt's target "${interrupt.to}" does not exist` });
  }
  if (!exists(definition.start)) problems.push({ node: null, message: `start node "${definition.start}" does not exist` });

  const edges: GraphEdge[] = [];
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const edge of edgesOf(id, node)) {
      const dangling = !exists(edge.to);
      edges.push({ ...edge, dangling });
      if (dangling) problems.push({ node: id, message: `${edge.field} target "${edge.to}" does not exist` });
    }
    if (toolNames) {
      for (const tool of toolsCalled(node)) if (!toolNames.has(tool)) problems.push({ node: id, message: `unknown tool "${tool}"` });
    }
  }

  const reachable = new Set<string>();
  const stack = [definition.start, ...definition.interrupts.map((i) => i.to)];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (reachable.has(id) || !exists(id)) continue;
    reachable.add(id);
    for (const edge of edges) if (edge.from === id) stack.push(edge.to);
  }
  for (const id of ids) if (!reachable.has(id)) problems.push({ node: id, message: 'unreachable from the start node or any interrupt' });

  const nodes = Object.entries(definition.nodes).map(([id, node]) => ({
    id,
    type: node.type,
    summary: summaryOf(node),
    start: id === definition.start,
    interruptedBy: interruptedBy.get(id) ?? [],
  }));
  return { nodes, edges, problems };
}
