/**
 * The lifecycle of a session, as its own XState machine (DESIGN §4):
 * `active` → `transferred` | `ended(reason)`. Rewind is allowed from `active`, and from
 * `ended` when the agent hung up (to try another branch). A hand-off to another agent
 * keeps the session `active`: the conversation goes on, with another workflow. Anything
 * else is refused. An operator may hand a conversation a human has back to the workflow. This is the only place a session's status is decided.
 */
import { assign, setup, transition } from 'xstate';
import type { EndedReason, SessionStatus } from '../../shared/api/text-chat-api.ts';
import { conflict } from '../errors.ts';

export type LifecycleEvent =
  | { type: 'END'; reason: EndedReason }
  /** Out of the workflows' reach: to a human, or to a destination no agent answers. */
  | { type: 'TRANSFER'; destination: string }
  /** To another agent of the workspace, which takes the conversation over. */
  | { type: 'HAND_OFF' }
  | { type: 'TURN' }
  | { type: 'REWIND' }
  /** An operator gives a conversation a human had back to its workflow (the inbox's hand back). */
  | { type: 'HAND_BACK' };

export interface LifecycleState {
  status: SessionStatus;
  endedReason: EndedReason | null;
  transferDestination: string | null;
}

export const sessionLifecycleMachine = setup({
  types: {
    context: {} as { endedReason: EndedReason | null; transferDestination: string | null },
    events: {} as LifecycleEvent,
  },
  guards: {
    endedByAgent: ({ context }) => context.endedReason === 'agent-hangup',
    withHuman: ({ context }) => context.transferDestination === 'human',
  },
  actions: {
    recordEnd: assign({ endedReason: ({ event }) => (event.type === 'END' ? event.reason : null) }),
    recordTransfer: assign({ transferDestination: ({ event }) => (event.type === 'TRANSFER' ? event.destination : null) }),
    clearEnd: assign({ endedReason: () => null }),
    clearTransfer: assign({ transferDestination: () => null }),
  },
}).createMachine({
  id: 'session-lifecycle',
  context: { endedReason: null, transferDestination: null },
  initial: 'active',
  states: {
    active: {
      on: {
        TURN: 'active',
        REWIND: 'active',
        HAND_OFF: 'active',
        END: { target: 'ended', actions: 'recordEnd' },
        TRANSFER: { target: 'transferred', actions: 'recordTransfer' },
      },
    },
    transferred: {
      on: {
        END: { target: 'ended', actions: 'recordEnd' },
        HAND_BACK: { guard: 'withHuman', target: 'active', actions: 'clearTransfer' },
      },
    },
    ended: {
      on: { REWIND: { guard: 'endedByAgent', target: 'active', actions: 'clearEnd' } },
    },
  },
});

const VERBS: Record<LifecycleEvent['type'], string> = { END: 'end', TRANSFER: 'transfer', HAND_OFF: 'hand off', TURN: 'send a message to', REWIND: 'rewind', HAND_BACK: 'hand back' };

/** What `nextLifecycle` decided for each (state, event) seen: a pure function of them, asked twice a turn. */
const decisions = new Map<string, LifecycleState | { refused: string }>();
const MAX_DECISIONS = 1000;

function decide(current: LifecycleState, event: LifecycleEvent): LifecycleState | { refused: string } {
  const snapshot = sessionLifecycleMachine.resolveState({
    value: current.status,
    context: { endedReason: current.endedReason, transferDestination: current.transferDestination },
  });
  if (!snapshot.can(event)) return { refused: `Cannot ${VERBS[event.type]} a session that is ${current.status}${current.endedReason ? ` (${current.endedReason})` : ''}` };
  const [next] = transition(sessionLifecycleMachine, snapshot, event);
  return { status: next.value as SessionStatus, endedReason: next.context.endedReason, transferDestination: next.context.transferDestination };
}

/**
 * The state after `event`, or a 409 naming what is not allowed.
 * @example nextLifecycle({ status: 'active', endedReason: null, transferDestination: null }, { type: 'END', reason: 'api' })
 * // { status: 'ended', endedReason: 'api', transferDestination: null }
 */
export function nextLifecycle(current: LifecycleState, event: LifecycleEvent): LifecycleState {
  const key = JSON.stringify([current.status, current.endedReason, current.transferDestination, event]);
  let decision = decisions.get(key);
  if (!decision) {
    decision = decide(current, event);
    if (decisions.size >= MAX_DECISIONS) decisions.delete(decisions.keys().next().value ?? '');
    decisions.set(key, decision);
  }
  if ('refused' in decision) throw conflict(decision.refused, 'session_not_active');
  return { ...decision };
}
