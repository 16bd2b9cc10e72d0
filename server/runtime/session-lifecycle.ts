/**
 * The lifecycle of a session, as its own XState machine (DESIGN §4):
 * `active` → `transferred` | `ended(reason)`. Rewind is allowed from `active`, and from
 * `ended` when the agent hung up (to try another branch). Anything else is refused.
 */
import { assign, setup, transition } from 'xstate';
import type { EndedReason, SessionStatus } from '../../shared/api/text-chat-api.ts';
import { conflict } from '../errors.ts';

export type LifecycleEvent =
  | { type: 'END'; reason: EndedReason }
  | { type: 'TRANSFER'; destination: string }
  | { type: 'TURN' }
  | { type: 'REWIND' };

export interface LifecycleState {
  status: SessionStatus;
  endedReason: EndedReason | null;
}

export const sessionLifecycleMachine = setup({
  types: {
    context: {} as { endedReason: EndedReason | null },
    events: {} as LifecycleEvent,
    input: {} as { endedReason: EndedReason | null },
  },
  guards: {
    endedByAgent: ({ context }) => context.endedReason === 'agent-hangup',
  },
  actions: {
    recordEnd: assign({ endedReason: ({ event }) => (event.type === 'END' ? event.reason : null) }),
    recordTransferEnd: assign({ endedReason: () => 'transfer' as const }),
    clearEnd: assign({ endedReason: () => null }),
  },
}).createMachine({
  id: 'session-lifecycle',
  context: ({ input }) => ({ endedReason: input.endedReason }),
  initial: 'active',
  states: {
    active: {
      on: {
        TURN: 'active',
        REWIND: 'active',
        END: { target: 'ended', actions: 'recordEnd' },
        TRANSFER: 'transferred',
      },
    },
    transferred: {
      on: { END: { target: 'ended', actions: 'recordEnd' } },
    },
    ended: {
      on: { REWIND: { guard: 'endedByAgent', target: 'active', actions: 'clearEnd' } },
    },
  },
});

/**
 * The state after `event`, or a 409 naming what is not allowed.
 * @example nextLifecycle({ status: 'active', endedReason: null }, { type: 'END', reason: 'api' })
 * // { status: 'ended', endedReason: 'api' }
 */
export function nextLifecycle(current: LifecycleState, event: LifecycleEvent): LifecycleState {
  const snapshot = sessionLifecycleMachine.resolveState({ value: current.status, context: { endedReason: current.endedReason } });
  if (!snapshot.can(event)) {
    const what = { END: 'end', TRANSFER: 'transfer', TURN: 'send a message to', REWIND: 'rewind' }[event.type];
    throw conflict(`Cannot ${what} a session that is ${current.status}${current.endedReason ? ` (${current.endedReason})` : ''}`, 'session_not_active');
  }
  const [next] = transition(sessionLifecycleMachine, snapshot, event);
  return { status: next.value as SessionStatus, endedReason: next.context.endedReason };
}
