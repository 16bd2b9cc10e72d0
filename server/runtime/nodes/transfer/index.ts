/** The `transfer` node: its text, then the machine is done with the destination as output. */
import type { TransferNode } from '../../../../shared/workflow-schema.ts';
import { enterNode } from '../kind.ts';
import type { NodeKind } from '../kind.ts';

export const transferKind: NodeKind<TransferNode> = {
  edges: () => [],
  canRest: () => true,
  firstMessage: 'precedes',
  state: (node, { setup, nodeId, opening }) =>
    setup.createStateConfig({
      type: 'final',
      entry: [enterNode(nodeId), { type: 'speak', params: { text: node.text ?? '', opening } }, 'flushReply'],
      output: { state: 'transferred', destination: node.destination },
    }),
};
