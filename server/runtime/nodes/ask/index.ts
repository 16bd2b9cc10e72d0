/** The `ask` node: one question, one validated answer saved to `save_as`. */
import type { AskNode } from '../../../../shared/workflow-schema.ts';
import { checkRegex } from '../check-regex.ts';
import type { NodeKind } from '../kind.ts';
import { askState } from './state.ts';

export const askKind: NodeKind<AskNode> = {
  edges: (node) => [{ field: 'next', to: node.next }, ...(node.on_fail === undefined ? [] : [{ field: 'on_fail', to: node.on_fail }])],
  canRest: () => true,
  firstMessage: 'precedes',
  validate(node, nodeId, rules) {
    if (rules.checkPatterns && node.expect?.pattern !== undefined) checkRegex(node.expect.pattern, nodeId, 'expect.pattern');
  },
  state: askState,
};
