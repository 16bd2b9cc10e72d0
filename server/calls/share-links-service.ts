/**
 * Sharing a playground session (issue #14 item 6): a builder makes a revocable link, and
 * whoever holds it reads the branch tree and every branch — nothing else of the session
 * (no variables, no tool results, no token), and nothing it could change.
 *
 * Only test sessions (the playground's) are shared: a visitor's conversation is theirs,
 * and its debug link masks what it shows; a demo conversation has nothing to mask.
 */
import { callIdOf } from '../../shared/ids.ts';
import type { SharedSession } from '../../shared/api/share-links-api.ts';
import { newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../auth/opaque-token.ts';
import { DomainError, notFound } from '../errors.ts';
import { presentMessage } from '../sessions/run-presenter.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { MessageRecord, SessionRecord } from '../storage/session-records.ts';
import { MAX_LIVE_SHARE_LINKS, type ShareLinkRecord } from '../storage/share-links-repo.ts';

/** Bounds the branches a shared page reads (one query each): a session rewound more often shows the first ones. */
export const MAX_SHARED_BRANCHES = 50;

interface BranchSummary {
  id: string;
  parent_id: string | null;
  fork_index: number | null;
  created_at: string;
  message_count: number;
}

export interface ShareLinksDeps {
  links: {
    create(workspaceId: number, sessionId: number, token: string): Promise<ShareLinkRecord>;
    listForSession(workspaceId: number, sessionId: number): Promise<ShareLinkRecord[]>;
    revoke(workspaceId: number, sessionId: number, publicId: string): Promise<boolean>;
    byToken(token: string): Promise<ShareLinkRecord | undefined>;
  };
  sessions: {
    get(id: number): Promise<SessionRecord | undefined>;
    branchSummaries(session: SessionRecord): Promise<BranchSummary[]>;
    transcript(sessionId: number, branchId: string): Promise<MessageRecord[]>;
  };
  agents: { findById(id: number): Promise<AgentRecord | undefined> };
}

export type ShareLinksService = ReturnType<typeof createShareLinksService>;

export function createShareLinksService(deps: ShareLinksDeps) {
  const { links, sessions } = deps;

  return {
    /** A new link to a test session; the token is in this answer only. */
    async create(session: SessionRecord): Promise<{ link: ShareLinkRecord; token: string }> {
      if (session.channel !== 'test') throw new DomainError('not_a_test_session', 'Only playground (test) sessions can be shared.');
      const existing = await links.listForSession(session.workspaceId, session.id);
      if (existing.length >= MAX_LIVE_SHARE_LINKS) throw new DomainError('conflict', `A session has at most ${MAX_LIVE_SHARE_LINKS} live share links: revoke one first.`);
      const token = newOpaqueToken();
      return { link: await links.create(session.workspaceId, session.id, token), token };
    },

    list: (session: SessionRecord) => links.listForSession(session.workspaceId, session.id),

    async revoke(session: SessionRecord, publicId: string): Promise<void> {
      if (!(await links.revoke(session.workspaceId, session.id, publicId))) throw notFound('Share link not found');
    },

    /** What a link shows; an unknown, malformed or revoked token reads the same 404. */
    async read(token: string): Promise<SharedSession> {
      const link = OPAQUE_TOKEN_PATTERN.test(token) ? await links.byToken(token) : undefined;
      const session = link ? await sessions.get(link.sessionId) : undefined;
      if (!link || !session || session.workspaceId !== link.workspaceId) throw notFound('This share link does not exist or was revoked');
      const [summaries, agent] = await Promise.all([sessions.branchSummaries(session), deps.agents.findById(session.agentId)]);
      const shown = summaries.slice(0, MAX_SHARED_BRANCHES);
      const branches = [];
      for (const branch of shown) {
        const messages = await sessions.transcript(session.id, branch.id);
        branches.push({ ...branch, current: branch.id === session.currentBranch, messages: messages.map(presentMessage) });
      }
      return {
        call_id: callIdOf(session.id),
        agent_name: agent?.config.name ?? 'Deleted agent',
        status: session.status,
        created_at: session.createdAt,
        shared_at: link.createdAt,
        branches,
        truncated: summaries.length > shown.length,
      };
    },

    /** Whether a token opens a live link (the console page answers 404 otherwise). */
    async isLive(token: string): Promise<boolean> {
      return OPAQUE_TOKEN_PATTERN.test(token) && (await links.byToken(token)) !== undefined;
    },
  };
}
