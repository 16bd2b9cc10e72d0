/**
 * Which of "Rewind here" and "Continue from here" an assistant message offers. A message
 * the current branch shares returns the current branch to it (a rewind); a message only
 * another branch holds starts a new branch from that branch. Either needs a stored state
 * (`state`: not an operator's reply) and a session a rewind may change (active, or ended
 * by the agent itself).
 */
import type { RunMessage, RunResponse } from '../../../shared/api/text-chat-api.ts';
import { ownerOf } from './branches.ts';
import type { MessageActions } from './message-view.ts';

export interface Rewinder {
  rewind(messageIndex: number, branchId?: string): Promise<void>;
}

/** For the branch `shown` of `run` (the current run): the actions each message offers. */
export function messageActions(run: RunResponse, shown: RunResponse) {
  const last = run.messages.at(-1)?.index ?? 0;
  const changeable = run.status === 'active' || run.ended_reason === 'agent-hangup';
  return (message: RunMessage, session: Rewinder): Pick<MessageActions, 'rewind' | 'continueFrom'> => {
    if (!changeable || message.role !== 'assistant' || message.author !== 'agent' || message.state === undefined) return {};
    const onCurrent = ownerOf(run.branches, shown.branch_id, message.index) === ownerOf(run.branches, run.branch_id, message.index);
    if (onCurrent) return message.index < last ? { rewind: () => void session.rewind(message.index) } : {};
    return { continueFrom: () => void session.rewind(message.index, shown.branch_id) };
  };
}
