/**
 * What the coverage view says about a suite (#18 item 5): how many of the version's nodes
 * its tests' last runs reached, how many of the workflow's transitions they took, and what
 * they never did. The API counts nodes and the moves the runs made; the transitions a
 * workflow *could* take come from its definition (the same edges the graph draws), so a
 * move outside them — an interrupt's jump — is listed but not counted against the total.
 */
import type { TestCoverage } from '../../../shared/api/agent-test-runs-api.ts';
import type { WorkflowDefinition } from '../../../shared/workflow-schema.ts';
import { edgesOf } from '../workflow/workflow-graph.ts';

export interface CoverageTransition {
  from: string;
  to: string;
  /** What takes it, as the graph labels it (`policy.active = true`, `else`); empty for a plain `next`. */
  label: string;
  /** Last runs that made the move; 0 for a transition never taken. */
  runs: number;
}

export interface CoverageFigures {
  nodesReached: number;
  nodesTotal: number;
  /** Transitions of the definition some last run took, and how many the definition has (null without it). */
  transitionsTaken: number;
  transitionsTotal: number | null;
  /** `9 of 12 nodes, 14 of 20 transitions` */
  sentence: string;
  unreached: { id: string; type: string }[];
  /** The definition's transitions in its order, taken or not, then the moves some run made outside them. */
  transitions: CoverageTransition[];
}

/** A move that is no edge of the version: an interrupt's jump, or a path of another version. */
function outsideLabel(definition: WorkflowDefinition | undefined, to: string): string {
  return definition?.interrupts.some((i) => i.to === to) ? 'interrupt' : 'not in this version';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * @param definition the workflow of `coverage.version`, when the console has it.
 * @example coverageFigures(coverage, definition).sentence // '9 of 12 nodes, 14 of 20 transitions'
 */
export function coverageFigures(coverage: TestCoverage, definition: WorkflowDefinition | undefined): CoverageFigures {
  const key = (from: string, to: string) => `${from}\u0000${to}`;
  const moved = new Map(coverage.transitions.map((t) => [key(t.from, t.to), t.runs]));
  // Two edges between the same nodes (a case and the else both to `bye`) are one transition.
  const edges = new Map<string, CoverageTransition>();
  for (const [id, node] of Object.entries(definition?.nodes ?? {})) {
    for (const edge of edgesOf(id, node)) {
      if (!definition || !Object.hasOwn(definition.nodes, edge.to)) continue;
      const k = key(edge.from, edge.to);
      const known = edges.get(k);
      edges.set(k, { from: edge.from, to: edge.to, label: known ? `${known.label} / ${edge.label}` : edge.label, runs: moved.get(k) ?? 0 });
    }
  }
  const nodesReached = coverage.nodes.filter((n) => n.reached).length;
  const nodesTotal = coverage.nodes.length;
  const transitionsTotal = definition ? edges.size : null;
  const transitionsTaken = definition ? [...edges.values()].filter((e) => e.runs > 0).length : coverage.transitions.length;
  const transitions = transitionsTotal === null ? `${plural(transitionsTaken, 'transition')} taken` : `${transitionsTaken} of ${plural(transitionsTotal, 'transition')}`;
  return {
    nodesReached,
    nodesTotal,
    transitionsTaken,
    transitionsTotal,
    sentence: `${nodesReached} of ${plural(nodesTotal, 'node')}, ${transitions}`,
    unreached: coverage.nodes.filter((n) => !n.reached).map((n) => ({ id: n.id, type: n.type })),
    transitions: [
      ...edges.values(),
      ...coverage.transitions.filter((t) => !edges.has(key(t.from, t.to))).map((t) => ({ ...t, label: outsideLabel(definition, t.to) })),
    ],
  };
}
