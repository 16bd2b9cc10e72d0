/**
 * The operator inbox (issue #15 item 3): the queue of conversations a human has, claiming
 * one (one operator at a time; the others see who), replying under the claim, marking it
 * read, and handing it back to the agent's workflow at a node the operator picks. Replies
 * and ends reuse call control; the hand back is the inbox's own session change.
 */
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { CallControl } from '../calls/call-control.ts';
import { resumeAgentAt, type WorkflowDeps } from '../sessions/agent-opening.ts';
import { isWithHuman } from '../sessions/human-relay.ts';
import { changeFor, type SessionCommandDeps } from '../sessions/session-command-deps.ts';
import { statusNotices } from '../sessions/session-notices.ts';
import type { AgentDirectory } from '../sessions/session-ports.ts';
import type { TurnRunner } from '../sessions/turn-runner.ts';
import type { InboxClaim, InboxEntry, InboxRepo } from '../storage/inbox-repo.ts';
import type { MessageRecord, SessionRecord } from '../storage/session-records.ts';
import { humanPhaseHistory } from './hand-back-history.ts';

/** Who is working the inbox: a console user or an API key, and the name the visitor sees. */
export interface Claimer {
  id: string;
  displayName: string;
}

export interface InboxDeps extends SessionCommandDeps, WorkflowDeps {
  inbox: Pick<InboxRepo, 'waiting' | 'entry' | 'claim' | 'claimOf' | 'markRead' | 'release'>;
  agents: Pick<AgentDirectory, 'findById'>;
  /** The workflow of an agent's version: the nodes an operator may hand back to. */
  workflows: { version(agentId: number, version: number): Promise<{ workflow: WorkflowDefinition } | undefined> };
  transcripts: { transcript(sessionId: number, branchId: string): Promise<MessageRecord[]> };
  control: Pick<CallControl, 'operatorMessage'>;
  turns: Pick<TurnRunner, 'announce'>;
  /** Told after every change of a workspace's queue (the inbox stream wakes on it). */
  changed(workspaceId: number): void;
}

export type InboxService = ReturnType<typeof createInboxService>;

const heldBy = (claim: InboxClaim) => conflict(`${claim.displayName} has claimed this conversation`, 'already_claimed');

export function createInboxService(deps: InboxDeps) {
  async function entryOf(session: SessionRecord): Promise<InboxEntry> {
    const entry = await deps.inbox.entry(session.workspaceId, session.id);
    if (!entry) throw conflict('The conversation is not with a human', 'call_not_with_human');
    return entry;
  }

  /** The claim `claimer` holds on the session; a 409 naming the holder when another has it. */
  async function requireClaim(session: SessionRecord, claimer: Claimer): Promise<InboxClaim> {
    const claim = await deps.inbox.claimOf(session.id);
    if (!claim) throw conflict('Claim the conversation before answering it', 'not_claimed');
    if (claim.claimedBy !== claimer.id) throw heldBy(claim);
    return claim;
  }

  /** The workflow's node ids, or a 400 naming the node that is not one of them. */
  async function checkNode(session: SessionRecord, node: string): Promise<void> {
    const version = await deps.workflows.version(session.agentId, session.agentVersion);
    if (!version) throw notFound('The conversation\'s workflow version is gone');
    if (!Object.hasOwn(version.workflow.nodes, node)) {
      const known = Object.keys(version.workflow.nodes).slice(0, 50).join(', ');
      throw badRequest(`node "${node}" is not a node of the conversation's workflow (${known})`, 'invalid_node');
    }
  }

  return {
    waiting: (workspaceId: number) => deps.inbox.waiting(workspaceId),

    /** Claim a conversation a human has; claiming one's own claim again is a no-op. */
    async claim(session: SessionRecord, claimer: Claimer): Promise<InboxEntry> {
      const entry = await entryOf(session);
      const claim = await deps.inbox.claim({ sessionId: session.id, workspaceId: session.workspaceId, claimedBy: claimer.id, displayName: claimer.displayName, readCount: entry.messageCount });
      if (claim.claimedBy !== claimer.id) throw heldBy(claim);
      deps.changed(session.workspaceId);
      return entryOf(session);
    },

    /** Everything up to now is read by the claimer. */
    async markRead(session: SessionRecord, claimer: Claimer): Promise<InboxEntry> {
      await requireClaim(session, claimer);
      await deps.inbox.markRead(session.id, claimer.id, (await entryOf(session)).messageCount);
      deps.changed(session.workspaceId);
      return entryOf(session);
    },

    /** The claimer is writing a reply: the visitor's widget shows it for a few seconds. Stores nothing. */
    async typing(session: SessionRecord, claimer: Claimer): Promise<void> {
      const claim = await requireClaim(session, claimer);
      deps.events.typing(session.workspaceId, { type: 'typing', sessionId: session.id, author: 'operator', authorName: claim.displayName });
    },

    /** A reply under the claim, shown to the visitor with the claimer's display name. */
    async reply(session: SessionRecord, claimer: Claimer, content: string) {
      const claim = await requireClaim(session, claimer);
      const message = await deps.control.operatorMessage(session.id, content, claim.displayName);
      // Answering is reading: what the visitor said before the reply is no longer unread.
      await deps.inbox.markRead(session.id, claimer.id, message.index + 1);
      deps.changed(session.workspaceId);
      return { ...message, author_name: claim.displayName };
    },

    /**
     * Give the conversation back to its agent, which goes on from `node` with the
     * conversation's variables and what was said (the human's part included), as if the
     * workflow had moved there itself. Refused while another operator holds the claim.
     */
    async handBack(session: SessionRecord, claimer: Claimer, node: string, signal: AbortSignal) {
      const saved = await deps.queue.run(session.id, async () => {
        const current = await deps.sessions.get(session.id);
        if (!current || !isWithHuman(current)) throw conflict('The conversation is not with a human', 'call_not_with_human');
        const claim = await deps.inbox.claimOf(current.id);
        if (claim && claim.claimedBy !== claimer.id) throw heldBy(claim);
        await checkNode(current, node);
        const agent = await deps.agents.findById(current.agentId);
        if (!agent) throw notFound('The conversation\'s agent is gone');
        const transcript = await deps.transcripts.transcript(current.id, current.currentBranch);
        const started = performance.now();
        const outcome = await resumeAgentAt(deps, {
          agent,
          version: current.agentVersion,
          session: current,
          variables: current.variables,
          history: humanPhaseHistory(current.snapshot, transcript),
          node,
          signal,
        });
        const after = await deps.sessions.commit(current, {
          ...(await changeFor(deps, current, { type: 'handed-back', outcome, elapsedMs: performance.now() - started })),
          events: (next) => statusNotices(deps.notices, current, next),
        });
        await deps.events.push(after.id, {
          type: 'message',
          message: { index: after.messageCount - 1, role: 'assistant', author: 'agent', content: outcome.reply.content, timestamp: after.updatedAt, ...(outcome.reply.choices?.length ? { choices: outcome.reply.choices } : {}) },
        });
        await deps.turns.announce(current, after);
        return { after, outcome };
      });
      await deps.inbox.release(session.id);
      deps.changed(session.workspaceId);
      return saved;
    },
  };
}
