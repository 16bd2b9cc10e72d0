/** The `end` node: its text, then the machine is done and the session ends. */
import type { EndNode } from '../../../../shared/workflow-schema.ts';
import { enterNode } from '../kind.ts';
import type { NodeKind } from '../kind.ts';

export const endKind: NodeKind<EndNode> = {
  edges: () => [],
  canRest: () => true,
  firstMessage: 'precedes',
  state: (node, { setup, nodeId, opening }) =>
    setup.createStateConfig({
      type: 'final',
      entry: [enterNode(nodeId), { type: 'speak', params: { text: node.text ?? '', opening } }, 'flushReply'],
      output: { state: 'ended' },
    }),
};
