/** The `say` node: speaks its text and passes straight on to `next`. */
import type { SayNode } from '../../../../shared/workflow-schema.ts';
import { targetOf } from '../../state-targets.ts';
import { enterNode } from '../kind.ts';
import type { NodeKind } from '../kind.ts';

export const sayKind: NodeKind<SayNode> = {
  edges: (node) => [{ field: 'next', to: node.next }],
  canRest: () => false,
  firstMessage: 'replaces',
  state: (node, { setup, nodeId, opening }) =>
    setup.createStateConfig({
      entry: [enterNode(nodeId), { type: 'speak', params: { text: node.text, opening } }],
      always: { target: targetOf(node.next), reenter: true },
    }),
};
