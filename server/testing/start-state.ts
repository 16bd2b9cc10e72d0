/**
 * Copy the state a test starts from (#18) out of a stored conversation: the snapshot an
 * assistant message was stored with, the transcript up to it, and where it waited. The
 * copy makes the test independent of the call (retention, deletion).
 */
import type { StartFromInput } from '../../shared/api/agent-tests-api.ts';
import { callIdOf, parsePositiveInt, runIdOfCallId } from '../../shared/ids.ts';
import { badRequest, notFound } from '../errors.ts';
import { persistedSnapshotSchema } from '../runtime/workflow-context.ts';
import type { StartState } from '../storage/agent-test-records.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';

/** The transcript a test carries, cut like a seeded history (chatHistorySchema). */
const MAX_MESSAGES = 101;
const MAX_MESSAGE_CHARS = 8000;

export type StartStatePorts = Pick<SessionsRepo, 'get' | 'branches' | 'transcript' | 'messageSnapshot'>;

/**
 * The state after message `message_index` of the call's branch, for a test of `agentId`.
 * @example await captureStartState(repo, 1, 7, { call_id: 'call_00000042', message_index: 2 }) // { node: 'lookup', … }
 */
export async function captureStartState(sessions: StartStatePorts, workspaceId: number, agentId: number, from: StartFromInput): Promise<StartState> {
  const runId = runIdOfCallId(from.call_id) ?? parsePositiveInt(from.call_id);
  const session = runId === undefined ? undefined : await sessions.get(runId);
  if (!session || session.workspaceId !== workspaceId) throw notFound('Call not found');
  const branchId = from.branch_id ?? session.currentBranch;
  if (!(await sessions.branches(session.id)).some((branch) => branch.id === branchId)) throw notFound(`Branch ${branchId} not found`);
  const transcript = await sessions.transcript(session.id, branchId);
  const target = transcript[from.message_index];
  const where = `message ${from.message_index} of branch ${branchId}`;
  if (!target || target.role !== 'assistant') throw badRequest(`start_from: ${where} is not an assistant message`, 'invalid_message_index');
  if (target.author !== 'agent' || !target.rewindable) throw badRequest(`start_from: ${where} was not written by the workflow, so it holds no state`, 'invalid_message_index');
  // After a hand-off the state is the other agent's workflow: it cannot start this agent's test.
  const owner = target.agent?.id ?? session.agentId;
  if (owner !== agentId) throw badRequest(`start_from: ${where} is another agent's state`, 'invalid_request');
  if (from.message_index + 1 > MAX_MESSAGES) throw badRequest(`start_from: a test starts from one of the first ${MAX_MESSAGES} messages`, 'invalid_message_index');
  const snapshot = await sessions.messageSnapshot(target.id);
  const parsed = persistedSnapshotSchema.safeParse(snapshot);
  if (!parsed.success) throw badRequest(`start_from: the state stored with ${where} is not a workflow snapshot`, 'invalid_message_index');
  if (parsed.data.status === 'done') throw badRequest(`start_from: the conversation had ended at ${where}: there is nothing to go on from`, 'invalid_message_index');
  return {
    call_id: callIdOf(session.id),
    branch_id: branchId,
    message_index: from.message_index,
    agent_version: target.agent?.version ?? session.agentVersion,
    node: parsed.data.context.node,
    snapshot,
    transcript: transcript.slice(0, from.message_index + 1).map((m) => ({ role: m.role, content: m.content.slice(0, MAX_MESSAGE_CHARS) })),
  };
}
