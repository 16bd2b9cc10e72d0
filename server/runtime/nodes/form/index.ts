/** The `form` node: several fields in one message, each checked and saved; re-asks only the missing ones. */
import type { FormNode } from '../../../../shared/workflow-schema.ts';
import { WorkflowValidationError } from '../../workflow-errors.ts';
import { checkRegex } from '../check-regex.ts';
import type { NodeKind } from '../kind.ts';
import { formState } from './state.ts';

export const formKind: NodeKind<FormNode> = {
  edges: (node) => [{ field: 'next', to: node.next }, ...(node.on_fail === undefined ? [] : [{ field: 'on_fail', to: node.on_fail }])],
  canRest: () => true,
  firstMessage: 'precedes',
  validate(node, nodeId, rules) {
    const names = new Set<string>();
    node.fields.forEach((field, index) => {
      if (names.has(field.name)) throw new WorkflowValidationError(`fields[${index}].name "${field.name}" is used twice`, nodeId);
      names.add(field.name);
      if (rules.checkPatterns && field.pattern !== undefined) checkRegex(field.pattern, nodeId, `fields[${index}].pattern`);
    });
  },
  state: formState,
};
