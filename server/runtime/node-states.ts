/**
 * One XState state per workflow node (DESIGN §3). `say` and `branch` pass straight on,
 * `tool` invokes the `callTool` actor, `transfer` and `end` are final; `ask` and `llm`
 * live in their own files because they converse.
 */
import { renderDeep } from '../../shared/template.ts';
import type { ToolNode, WorkflowDefinition, WorkflowNode } from '../../shared/workflow-schema.ts';
import { askState } from './ask-state.ts';
import { llmState } from './llm-state.ts';
import type { WorkflowSetup, WorkflowStateConfig } from './machine-setup.ts';
import { interruptTransitions, targetOf } from './state-targets.ts';
import type { AgentRuntimeConfig } from './types.ts';

/** What a `tool` node without `on_error` says when its call fails. */
export const TOOL_ERROR_TEXT = 'Sorry, something went wrong on our side. Please try again in a moment.';

function toolState(workflow: WorkflowSetup, nodeId: string, node: ToolNode, definition: WorkflowDefinition): WorkflowStateConfig {
  return workflow.createStateConfig({
    entry: { type: 'enterNode', params: { nodeId } },
    initial: 'calling',
    states: {
      calling: workflow.createStateConfig({
        invoke: {
          src: 'callTool',
          input: ({ context }) => ({ name: node.tool, args: renderDeep(node.args, context.variables) }),
          onDone: {
            target: targetOf(node.next),
            reenter: true,
            actions: [
              { type: 'storeResult', params: ({ event }) => ({ saveAs: node.save_as, result: event.output }) },
              // Spoken after the result is stored, so the text can quote it.
              { type: 'speak', params: { text: node.text ?? '', opening: false } },
            ],
          },
          onError:
            node.on_error === undefined
              ? { target: 'failed', actions: { type: 'speakTexts', params: { texts: [TOOL_ERROR_TEXT] } } }
              : { target: targetOf(node.on_error), reenter: true },
        },
      }),
      // Without an on_error route the conversation rests here; the next message retries the call.
      failed: {
        tags: ['waiting'],
        entry: 'flushReply',
        on: { 'user.message': [...interruptTransitions(definition), { target: 'calling', actions: 'receiveMessage' as const }] },
      },
    },
  });
}

/**
 * Build the state for one node.
 * @example states[stateKey(id)] = nodeState(workflow, id, node, definition, agent);
 */
export function nodeState(
  workflow: WorkflowSetup,
  nodeId: string,
  node: WorkflowNode,
  definition: WorkflowDefinition,
  agent: AgentRuntimeConfig,
): WorkflowStateConfig {
  const enter = { type: 'enterNode' as const, params: { nodeId } };
  const opening = nodeId === definition.start;
  switch (node.type) {
    case 'say':
      return workflow.createStateConfig({
        entry: [enter, { type: 'speak', params: { text: node.text, opening } }],
        always: { target: targetOf(node.next), reenter: true },
      });
    case 'ask':
      return askState(workflow, nodeId, node, definition, agent);
    case 'llm':
      return llmState(workflow, nodeId, node, definition, agent);
    case 'tool':
      return toolState(workflow, nodeId, node, definition);
    case 'branch':
      return workflow.createStateConfig({
        entry: enter,
        always: [
          ...node.cases.map((branch) => ({
            guard: { type: 'condition' as const, params: { condition: branch.if } },
            target: targetOf(branch.to),
            reenter: true,
          })),
          { target: targetOf(node.else), reenter: true },
        ],
      });
    case 'transfer':
      return workflow.createStateConfig({
        type: 'final',
        entry: [enter, { type: 'speak', params: { text: node.text ?? '', opening } }, 'flushReply'],
        output: { destination: node.destination },
      });
    case 'end':
      return workflow.createStateConfig({
        type: 'final',
        entry: [enter, { type: 'speak', params: { text: node.text ?? '', opening } }, 'flushReply'],
      });
  }
}
