/** The `llm` node: a free conversation with the model, its tools and its exits. */
import type { LlmNode } from '../../../../shared/workflow-schema.ts';
import { WorkflowValidationError } from '../../workflow-errors.ts';
import type { NodeKind } from '../kind.ts';
import { exitFunctionName } from './request.ts';
import { llmState } from './state.ts';

export const llmKind: NodeKind<LlmNode> = {
  edges: (node) => [
    ...node.exits.map((exit, index) => ({ field: `exits[${index}].to`, to: exit.to })),
    ...(node.on_max_turns === undefined ? [] : [{ field: 'on_max_turns', to: node.on_max_turns }]),
    ...(node.on_error === undefined ? [] : [{ field: 'on_error', to: node.on_error }]),
  ],
  canRest: () => true,
  firstMessage: 'replaces',
  validate(node, nodeId, { toolNames, knowledgeBaseIds }) {
    // A node narrows the agent's bases: one the agent does not search would silently find nothing.
    const outside = knowledgeBaseIds && node.knowledge_base_ids?.find((id) => !knowledgeBaseIds.has(id));
    if (outside) throw new WorkflowValidationError(`knowledge base ${outside} is not one of the agent's knowledge_base_ids`, nodeId);
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
  },
  state: llmState,
};
