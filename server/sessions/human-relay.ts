/**
 * A session handed to a human: the agent no longer answers. A visitor's message is
 * stored as it is and passed on (webhook `transfer.message`); the operators answer
 * through the calls API, and their messages reach the visitor on the events channel.
 *
 * Alternation: turns keep user messages at odd indexes. While a human has the
 * conversation, either side may write several messages in a row, so messages are
 * appended in arrival order and a client must read `role` and `author`, not the parity
 * of `index`. Nothing on the server relies on parity after a hand-off: a transferred
 * session cannot be rewound.
 */
import type { AssistantReply, ChatMessage } from '../../shared/api/text-chat-api.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { changeFor, type SessionCommandDeps } from './session-command-deps.ts';

export function isWithHuman(session: Pick<SessionRecord, 'status' | 'transferDestination'>): boolean {
  return session.status === 'transferred' && session.transferDestination === 'human';
}

/** Store a visitor's message for the humans; runs inside the session's queue. */
/** Store a visitor's message for the humans; runs inside the session's queue. `idempotencyKey`: stored with the answer, as a turn does. */
export async function relayToHuman(
  deps: Pick<SessionCommandDeps, 'sessions' | 'observer' | 'notices' | 'clock' | 'idleMsFor'>,
  session: SessionRecord,
  text: string,
  idempotencyKey?: string,
): Promise<AssistantReply> {
  const relayed = (saved: SessionRecord): ChatMessage => ({ index: saved.messageCount - 1, role: 'user', author: 'user', content: text, timestamp: saved.updatedAt });
  const answer = (saved: SessionRecord): AssistantReply => ({
    role: 'assistant',
    content: '',
    timestamp: saved.updatedAt,
    index: saved.messageCount - 1,
    revision: saved.revision,
    session_status: saved.status,
    relayed: true,
  });
  const saved = await deps.sessions.commit(session, {
    ...(await changeFor(deps, session, { type: 'visitor-relayed', text })),
    events: (after) => deps.notices.relayed(after, relayed(after)),
    ...(idempotencyKey ? { appendKey: { key: idempotencyKey, reply: answer } } : {}),
  });
  await deps.observer.relayed?.(saved, relayed(saved));
  return answer(saved);
}
