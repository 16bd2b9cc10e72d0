/**
 * The `tool` node: invokes the `callTool` actor with the rendered `args`, saves the
 * result, speaks its text and moves on. A failed call goes to `on_error`; without one the
 * node apologises and rests, and the next message retries the call.
 */
import { renderDeep } from '../../../../shared/template.ts';
import type { ToolNode } from '../../../../shared/workflow-schema.ts';
import { waitingState, targetOf } from '../../state-targets.ts';
import { WorkflowValidationError } from '../../workflow-errors.ts';
import { enterNode } from '../kind.ts';
import type { NodeKind } from '../kind.ts';

/** What a `tool` node without `on_error` says when its call fails. */
export const TOOL_ERROR_TEXT = 'Sorry, something went wrong on our side. Please try again in a moment.';

export const toolKind: NodeKind<ToolNode> = {
  edges: (node) => [{ field: 'next', to: node.next }, ...(node.on_error === undefined ? [] : [{ field: 'on_error', to: node.on_error }])],
  // Without on_error it waits after a failed call.
  canRest: (node) => node.on_error === undefined,
  firstMessage: 'precedes',
  validate(node, nodeId, { toolNames }) {
    if (!toolNames.has(node.tool)) throw new WorkflowValidationError(`unknown tool "${node.tool}"`, nodeId);
  },
  state: (node, { setup, nodeId, definition }) =>
    setup.createStateConfig({
      entry: enterNode(nodeId),
      initial: 'calling',
      states: {
        calling: setup.createStateConfig({
          invoke: {
            src: 'callTool',
            input: ({ context }) => ({ name: node.tool, args: renderDeep(node.args, context.variables) }),
            onDone: {
              target: targetOf(node.next),
              reenter: true,
              actions: [
                ...(node.save_as === undefined ? [] : [{ type: 'saveVariable' as const, params: ({ event }: { event: { output: unknown } }) => ({ path: node.save_as ?? '', value: event.output }) }]),
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
        failed: waitingState(definition, [{ target: 'calling', actions: 'receiveMessage' as const }]),
      },
    }),
};
