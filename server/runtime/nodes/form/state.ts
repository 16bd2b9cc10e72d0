/**
 * The state of a `form` node: ask for every field in one message, then read each answer
 * for the fields still missing, save what it holds and ask again for the rest only. An
 * answer that adds nothing counts as a failed retry, as an `ask`'s wrong answer does;
 * after `max_retries` of them the node goes to `on_fail` (without one, it hands over to a
 * person: see `give-up.ts`). Every answer is noted for the turn's record (`noteAnswer`).
 */
import { setPath } from '../../../../shared/template.ts';
import type { FormField, FormNode } from '../../../../shared/workflow-schema.ts';
import type { WorkflowStateConfig } from '../../machine-setup.ts';
import { targetOf, waitingState } from '../../state-targets.ts';
import type { WorkflowContext } from '../../workflow-context.ts';
import { RETRY_PREFIX } from '../ask/state.ts';
import { onFailTarget } from '../give-up.ts';
import { enterNode } from '../kind.ts';
import type { NodeBuild } from '../kind.ts';
import { readFields } from './read-fields.ts';

/** What the re-ask calls a field. */
function labelOf(field: FormField): string {
  return field.label ?? field.name.replace(/_/g, ' ');
}

/** "your name", "your name and e-mail", "your name, e-mail and party size". */
function listOf(fields: readonly FormField[]): string {
  const labels = fields.map(labelOf);
  const last = labels.pop() ?? '';
  return `your ${labels.length === 0 ? last : `${labels.join(', ')} and ${last}`}`;
}

function missing(node: FormNode, context: Pick<WorkflowContext, 'collected'>): FormField[] {
  return node.fields.filter((field) => !context.collected.includes(field.name));
}

/** Build the state of a `form` node. */
export function formState(node: FormNode, { setup, nodeId, definition, opening }: NodeBuild): WorkflowStateConfig {
  type Turn = { context: WorkflowContext; event: { text: string } };
  const read = ({ context, event }: Turn): Record<string, unknown> => readFields(missing(node, context), event.text);
  const completes = (turn: Turn): boolean => Object.keys(read(turn)).length === missing(node, turn.context).length;
  const progresses = (turn: Turn): boolean => Object.keys(read(turn)).length > 0;
  const save = setup.assign((turn: Turn) => {
    const found = read(turn);
    let variables = turn.context.variables;
    for (const field of node.fields) {
      if (Object.hasOwn(found, field.name)) variables = setPath(variables, field.save_as ?? field.name, found[field.name]);
    }
    return { variables, collected: [...turn.context.collected, ...Object.keys(found)] };
  });
  const note = {
    type: 'noteAnswer' as const,
    params: (turn: Turn) => {
      const found = read(turn);
      const saved = Object.fromEntries(node.fields.filter((field) => Object.hasOwn(found, field.name)).map((field) => [field.save_as ?? field.name, found[field.name]]));
      return Object.keys(saved).length === 0 ? { node: nodeId, outcome: 'rejected' as const } : { node: nodeId, outcome: 'accepted' as const, saved };
    },
  };
  const askFor = (prefix: string) => ({
    type: 'speak' as const,
    params: ({ context }: { context: WorkflowContext }) => ({ text: `${prefix}I still need ${listOf(missing(node, context))}.`, opening: false }),
  });

  return setup.createStateConfig({
    entry: [enterNode(nodeId), { type: 'speak', params: { text: node.text, opening } }, setup.assign({ retries: 0, collected: [] })],
    initial: 'waiting',
    states: {
      waiting: waitingState(definition, [
        // `note` reads the answer before `save` records its fields as collected.
        { guard: completes, target: targetOf(node.next), reenter: true, actions: ['receiveMessage', note, save] },
        { guard: progresses, target: 'waiting', reenter: true, actions: ['receiveMessage', note, save, askFor('Thanks. ')] },
        {
          guard: { type: 'retriesExhausted' as const, params: { maxRetries: node.max_retries } },
          target: onFailTarget(node.on_fail),
          reenter: true,
          actions: ['receiveMessage' as const, note],
        },
        { target: 'waiting', reenter: true, actions: ['receiveMessage', note, askFor(RETRY_PREFIX), 'countRetry'] },
      ]),
    },
  });
}
