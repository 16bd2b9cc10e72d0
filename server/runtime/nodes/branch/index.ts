/** The `branch` node: the first case whose condition holds on the variables, else `else`. */
import { variablePath } from '../../../../shared/workflow-schema.ts';
import type { BranchNode, Condition } from '../../../../shared/workflow-schema.ts';
import { targetOf } from '../../state-targets.ts';
import { WorkflowValidationError } from '../../workflow-errors.ts';
import { checkRegex } from '../check-regex.ts';
import { enterNode } from '../kind.ts';
import type { NodeKind, NodeRules } from '../kind.ts';
import { evaluateCondition } from './conditions.ts';

function checkCondition(condition: Condition, nodeId: string, field: string, rules: NodeRules): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, nodeId, `${field}.all[${i}]`, rules));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, nodeId, `${field}.any[${i}]`, rules));
  if (!variablePath.safeParse(condition.var).success) {
    throw new WorkflowValidationError(`${field}: "${condition.var}" is not a variable path like policy.active`, nodeId);
  }
  if (rules.checkPatterns && condition.matches !== undefined) checkRegex(condition.matches, nodeId, `${field}.matches`);
}

export const branchKind: NodeKind<BranchNode> = {
  edges: (node) => [...node.cases.map((c, index) => ({ field: `cases[${index}].to`, to: c.to })), { field: 'else', to: node.else }],
  canRest: () => false,
  firstMessage: 'precedes',
  validate(node, nodeId, rules) {
    node.cases.forEach((c, index) => checkCondition(c.if, nodeId, `cases[${index}].if`, rules));
  },
  state: (node, { setup, nodeId }) =>
    setup.createStateConfig({
      entry: enterNode(nodeId),
      always: [
        ...node.cases.map((branch) => ({
          guard: ({ context }: { context: { variables: Record<string, unknown> } }) => evaluateCondition(branch.if, context.variables),
          target: targetOf(branch.to),
          reenter: true,
        })),
        { target: targetOf(node.else), reenter: true },
      ],
    }),
};
