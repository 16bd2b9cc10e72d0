/**
 * The "Start a replay" form's fields as the body of `POST /v1/agents/{id}/replays`, or the
 * field at fault and why — what the server would refuse is said before anything is sent.
 */
import { MAX_REPLAY_CONVERSATIONS, type StartReplayInput } from '../../../shared/api/replays-api.ts';
import { CALL_ID_PATTERN } from '../../../shared/ids.ts';

export interface ReplayFormFields {
  version: string;
  /** `last`: the agent's newest N conversations; `calls`: the call ids written in the box. */
  choose: string;
  last: string;
  callIds: string;
}

export type ReplayRequest = { ok: true; body: StartReplayInput } | { ok: false; field: 'version' | 'last' | 'callIds'; message: string };

/** The call ids in a box, one per line or separated by commas or spaces, each once. */
export function callIdsOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((id) => id !== ''))];
}

/**
 * @example replayRequest({ version: '3', choose: 'last', last: '20', callIds: '' }) // { ok: true, body: { version: 3, calls: { last: 20 } } }
 */
export function replayRequest(fields: ReplayFormFields): ReplayRequest {
  const version = Number(fields.version);
  if (!Number.isInteger(version) || version < 1) return { ok: false, field: 'version', message: 'Choose a version to replay against.' };
  if (fields.choose === 'calls') {
    const ids = callIdsOf(fields.callIds);
    if (ids.length === 0) return { ok: false, field: 'callIds', message: 'Write at least one call id, like call_00000042.' };
    const wrong = ids.find((id) => !CALL_ID_PATTERN.test(id));
    if (wrong !== undefined) return { ok: false, field: 'callIds', message: `“${wrong}” is not a call id: a call id is call_ and 8 or more digits.` };
    if (ids.length > MAX_REPLAY_CONVERSATIONS) return { ok: false, field: 'callIds', message: `At most ${MAX_REPLAY_CONVERSATIONS} calls in one replay.` };
    return { ok: true, body: { version, calls: { call_ids: ids } } };
  }
  const last = Number(fields.last);
  if (!Number.isInteger(last) || last < 1 || last > MAX_REPLAY_CONVERSATIONS) {
    return { ok: false, field: 'last', message: `The number of conversations is a whole number from 1 to ${MAX_REPLAY_CONVERSATIONS}.` };
  }
  return { ok: true, body: { version, calls: { last } } };
}
