/**
 * Every node kind, registered once. A kind's folder holds its edges, rules, state and
 * actors; its schema is in `shared/nodes/<kind>.ts`. The mapped type makes a kind that
 * is in the schema but not here (or the other way round) a compile error.
 */
import type { WorkflowNode } from '../../../shared/workflow-schema.ts';
import type { WorkflowStateConfig } from '../machine-setup.ts';
import { askKind } from './ask/index.ts';
import { branchKind } from './branch/index.ts';
import { endKind } from './end/index.ts';
import { formKind } from './form/index.ts';
import type { Edge, NodeBuild, NodeKind, NodeRules } from './kind.ts';
import { llmKind } from './llm/index.ts';
import { sayKind } from './say/index.ts';
import { toolKind } from './tool/index.ts';
import { transferKind } from './transfer/index.ts';

type NodeOfType = { [T in WorkflowNode['type']]: Extract<WorkflowNode, { type: T }> };

const NODE_KINDS: { [T in WorkflowNode['type']]: NodeKind<NodeOfType[T]> } = {
  say: sayKind,
  ask: askKind,
  form: formKind,
  llm: llmKind,
  tool: toolKind,
  branch: branchKind,
  transfer: transferKind,
  end: endKind,
};

/** A node together with its kind's operations. */
export interface BoundNode {
  edges(): Edge[];
  canRest(): boolean;
  readonly firstMessage: 'replaces' | 'precedes';
  validate(nodeId: string, rules: NodeRules): void;
  state(build: NodeBuild): WorkflowStateConfig;
}

function bind<T extends WorkflowNode['type']>(type: T, node: NodeOfType[T]): BoundNode {
  const kind: NodeKind<NodeOfType[T]> = NODE_KINDS[type];
  return {
    edges: () => kind.edges(node),
    canRest: () => kind.canRest(node),
    firstMessage: kind.firstMessage,
    validate: (nodeId, rules) => kind.validate?.(node, nodeId, rules),
    state: (build) => kind.state(node, build),
  };
}

/**
 * The operations of a node's kind.
 * @example nodeKind(definition.nodes.start).edges() // [{ field: 'next', to: 'ask_name' }]
 */
export function nodeKind(node: WorkflowNode): BoundNode {
  return bind(node.type, node);
}
