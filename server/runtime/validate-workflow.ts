/**
 * Graph rules of a workflow definition (DESIGN §3) that its zod schema cannot express.
 * The schema has already rejected unknown node types and malformed fields.
 */
import { tenantRegexProblem } from '../../shared/tenant-regex.ts';
import { variablePath } from '../../shared/workflow-schema.ts';
import type { Condition, WorkflowDefinition, WorkflowNode } from '../../shared/workflow-schema.ts';
import { exitFunctionName } from './llm-request.ts';
import { WorkflowValidationError } from './workflow-errors.ts';

interface Edge {
  /** The field holding the target, as an author would look for it: `next`, `cases[0].to`. */
  field: string;
  to: string;
}

/** Every transition a node can take, with the field it comes from. */
function edgesOf(node: WorkflowNode): Edge[] {
  switch (node.type) {
    case 'say':
      return [{ field: 'next', to: node.next }];
    case 'ask':
      return [{ field: 'next', to: node.next }, ...(node.on_fail === undefined ? [] : [{ field: 'on_fail', to: node.on_fail }])];
    case 'llm':
      return [
        ...node.exits.map((exit, index) => ({ field: `exits[${index}].to`, to: exit.to })),
        ...(node.on_max_turns === undefined ? [] : [{ field: 'on_max_turns', to: node.on_max_turns }]),
        ...(node.on_error === undefined ? [] : [{ field: 'on_error', to: node.on_error }]),
      ];
    case 'tool':
      return [{ field: 'next', to: node.next }, ...(node.on_error === undefined ? [] : [{ field: 'on_error', to: node.on_error }])];
    case 'branch':
      return [...node.cases.map((c, index) => ({ field: `cases[${index}].to`, to: c.to })), { field: 'else', to: node.else }];
    case 'transfer':
    case 'end':
      return [];
  }
}

function checkRegex(pattern: string, nodeId: string, field: string): void {
  const problem = tenantRegexProblem(pattern);
  if (problem !== undefined) throw new WorkflowValidationError(`${field} is not a valid regular expression (${problem})`, nodeId);
}

/** What `validateWorkflow` checks besides the graph. */
export interface ValidateWorkflowOptions {
  /**
   * Refuse patterns the linear-time regex engine cannot run (default true). Compiling a
   * stored version turns it off: a pattern saved before the engine refused it must not
   * stop the agent from answering; it fails closed (matches nothing) at run time instead.
   */
  checkPatterns?: boolean;
}

interface NodeRules {
  toolNames: ReadonlySet<string>;
  checkPatterns: boolean;
}

function checkCondition(condition: Condition, nodeId: string, field: string, rules: NodeRules): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, nodeId, `${field}.all[${i}]`, rules));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, nodeId, `${field}.any[${i}]`, rules));
  if (!variablePath.safeParse(condition.var).success) {
    throw new WorkflowValidationError(`${field}: "${condition.var}" is not a variable path like policy.active`, nodeId);
  }
  if (rules.checkPatterns && condition.matches !== undefined) checkRegex(condition.matches, nodeId, `${field}.matches`);
}

function checkNode(nodeId: string, node: WorkflowNode, rules: NodeRules): void {
  const { toolNames } = rules;
  switch (node.type) {
    case 'ask':
      if (rules.checkPatterns && node.expect?.pattern !== undefined) checkRegex(node.expect.pattern, nodeId, 'expect.pattern');
      return;
    case 'tool':
      if (!toolNames.has(node.tool)) throw new WorkflowValidationError(`unknown tool "${node.tool}"`, nodeId);
      return;
    case 'branch':
      return node.cases.forEach((c, index) => checkCondition(c.if, nodeId, `cases[${index}].if`, rules));
    case 'llm': {
      const functions = new Set<string>();
      for (const tool of node.tools) {
        if (!toolNames.has(tool)) throw new WorkflowValidationError(`unknown tool "${tool}"`, nodeId);
        functions.add(tool);
      }
      // Exits become functions beside the tools: two with one name would be ambiguous to the model.
      node.exits.forEach((exit, index) => {
        const name = exitFunctionName(exit, index);
        if (functions.has(name)) throw new WorkflowValidationError(`exit function "${name}" is defined twice`, nodeId);
        functions.add(name);
      });
      return;
    }
    default:
      return;
  }
}

function reachableFrom(roots: string[], definition: WorkflowDefinition): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const node = definition.nodes[id];
    if (node) stack.push(...edgesOf(node).map((edge) => edge.to));
  }
  return seen;
}

/**
 * Where a turn can come to rest: a node that waits for the user (`ask`, `llm`, a `tool`
 * without `on_error`, which waits after a failed call) or ends the conversation.
 */
function canRest(node: WorkflowNode): boolean {
  switch (node.type) {
    case 'ask':
    case 'llm':
    case 'transfer':
    case 'end':
      return true;
    case 'tool':
      return node.on_error === undefined;
    case 'say':
    case 'branch':
      return false;
  }
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
    for (const edge of edgesOf(node)) sources.set(edge.to, [...(sources.get(edge.to) ?? []), id]);
  }
  const rests = new Set<string>();
  const stack = nodes.filter(([, node]) => canRest(node)).map(([id]) => id);
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
  const rules: NodeRules = { toolNames, checkPatterns: options.checkPatterns ?? true };
  const exists = (id: string): boolean => Object.hasOwn(definition.nodes, id);
  if (!exists(definition.start)) {
    throw new WorkflowValidationError(`start node "${definition.start}" does not exist`, definition.start);
  }
  for (const [nodeId, node] of Object.entries(definition.nodes)) {
    for (const edge of edgesOf(node)) {
      if (!exists(edge.to)) throw new WorkflowValidationError(`${edge.field} target "${edge.to}" does not exist`, nodeId);
    }
    checkNode(nodeId, node, rules);
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
