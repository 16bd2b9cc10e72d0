/**
 * What a blank agent starts with: the smallest workflow that talks (a greeting, a free
 * conversation with the model, a goodbye), so the graph and the playground have
 * something to show before the first edit.
 */
import type { WorkflowDefinition } from '../../../shared/workflow-schema.ts';

export const STARTER_WORKFLOW: WorkflowDefinition = {
  start: 'greet',
  nodes: {
    greet: { type: 'say', text: 'Hello! How can I help?', next: 'chat' },
    chat: {
      type: 'llm',
      prompt: 'Help the visitor with their question.',
      tools: [],
      exits: [{ when: 'the visitor has what they need', to: 'bye' }],
      max_turns: 20,
      fallback: 'Our assistant is offline right now.',
    },
    bye: { type: 'end', text: 'Glad to help. Goodbye!' },
  },
  interrupts: [],
};
