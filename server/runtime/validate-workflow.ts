/**
 * Graph rules of a workflow definition (DESIGN §3) that its zod schema cannot express.
 * The schema has already rejected unknown node types and malformed fields; each node
 * kind checks its own rules (`nodes/<kind>/index.ts`, `validate`).
 */
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import type { NodeRules } from './nodes/kind.ts';
import { nodeKind } from './nodes/registry.ts';
import { WorkflowValidationError } from './workflow-errors.ts';

/** What `validateWorkflow` checks besides the graph. */
export interface ValidateWorkflowOptions {
  /**
   * Refuse patterns the linear-time regex engine cannot run (default true). Compiling a
   * stored version turns it off: a pattern saved before the engine refused it must not
   * stop the agent from answering; it fails closed (matches nothing) at run time instead.
   */
  checkPatterns?: boolean;
  /** The agent's knowledge bases, which `llm` nodes may narrow to; unchecked when absent (a stored version compiling). */
  knowledgeBaseIds?: ReadonlySet<string>;
}

function reachableFrom(roots: string[], definition: WorkflowDefinition): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const node = definition.nodes[id];
    if (node) stack.push(...nodeKind(node).edges().map((edge) => edge.to));
  }
  return seen;
}

/**
 * The first node from which no path reaches a resting node. Once entered, such a node can
 * only pass on to others like it, whatever the conditions say: every turn through it loops
 * until the step budget stops it. A cycle with an exit (a branch case leading to an ask,
 * say) is not refused: which edge a branch takes depends on data, and the runtime step
 * budget (MAX_STEPS_PER_TURN) ends such a turn cleanly if the data keeps it in the cycle.
 */
function firstNodeThatNeverRests(definition: WorkflowDefinition): string | undefined {
  const nodes = Object.entries(definition.nodes);
  const sources = new Map<string, string[]>();
  for (const [id, node] of nodes) {
    for (const edge of nodeKind(node).edges()) sources.set(edge.to, [...(sources.get(edge.to) ?? []), id]);
  }
  const rests = new Set<string>();
  const stack = nodes.filter(([, node]) => nodeKind(node).canRest()).map(([id]) => id);
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (rests.has(id)) continue;
    rests.add(id);
    stack.push(...(sources.get(id) ?? []));
  }
  return nodes.find(([id]) => !rests.has(id))?.[0];
}

/**
 * Check the graph rules of a workflow: the start node exists, every target exists, every
 * node is reachable from the start or from an interrupt target, every node can reach one
 * where a turn rests (no cycle of say/tool/branch nodes without a way out), tools are
 * known, regexes compile on the linear-time engine and branch conditions name variable paths.
 * @throws {WorkflowValidationError} naming the first node at fault.
 * @example validateWorkflow(definition, new Set(agent.tools.map((tool) => tool.name)));
 */
export function validateWorkflow(definition: WorkflowDefinition, toolNames: ReadonlySet<string>, options: ValidateWorkflowOptions = {}): void {
  const rules: NodeRules = { toolNames, checkPatterns: options.checkPatterns ?? true, knowledgeBaseIds: options.knowledgeBaseIds };
  const exists = (id: string): boolean => Object.hasOwn(definition.nodes, id);
  if (!exists(definition.start)) {
    throw new WorkflowValidationError(`start node "${definition.start}" does not exist`, definition.start);
  }
  for (const [nodeId, node] of Object.entries(definition.nodes)) {
    for (const edge of nodeKind(node).edges()) {
      if (!exists(edge.to)) throw new WorkflowValidationError(`${edge.field} target "${edge.to}" does not exist`, nodeId);
    }
    nodeKind(node).validate(nodeId, rules);
  }
  definition.interrupts.forEach((interrupt, index) => {
    if (!exists(interrupt.to)) {
      throw new WorkflowValidationError(`interrupts[${index}].to target "${interrupt.to}" does not exist`);
    }
  });
  const reachable = reachableFrom([definition.start, ...definition.interrupts.map((i) => i.to)], definition);
  for (const nodeId of Object.keys(definition.nodes)) {
    if (!reachable.has(nodeId)) {
      throw new WorkflowValidationError('unreachable from the start node or any interrupt', nodeId);
    }
  }
  const looping = firstNodeThatNeverRests(definition);
  if (looping !== undefined) {
    throw new WorkflowValidationError(
      'loops forever: no path from it reaches a node that waits for the user or ends the conversation (ask, llm, transfer, end, or a tool without on_error)',
      looping,
    );
  }
}
