/**
 * Who may use `/workflow/{id}/text-chat`: an API key of the agent's workspace; the
 * console (the playground) of a builder or admin signed in to it; or — for agents whose
 * widget is enabled — a browser on an allowed origin, which then proves each later call
 * on a session with its `x-session-token`.
 *
 * The console says it is the console by sending its session's `x-csrf-token` on every
 * call, reads included: the widget on one of our own pages (the demo site) carries the
 * same cookie, and must stay a widget.
 */
import type { Context } from 'hono';
import { roleAtLeast } from '../../shared/roles.ts';
import type { ConsoleSessions } from '../auth/console-sessions.ts';
import { DomainError, forbidden, notFound, unauthorized } from '../errors.ts';
import { hashSecret } from '../auth/api-key.ts';
import { tokenMatches } from '../sessions/session-tokens.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { ApiKeysRepo } from '../storage/api-keys-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { SessionAccess } from '../storage/sessions-repo.ts';
import type { AppEnv } from './app-env.ts';
import { readApiKey } from './api-key-auth.ts';
import { CSRF_HEADER, requireCsrfToken } from './csrf.ts';
import type { SessionCookie } from './session-cookie.ts';

export interface ChatCaller {
  workspaceId: number;
  agent: AgentRecord;
  /** `widget` for public callers, `api` for API-key callers. */
  channel: 'api' | 'widget';
}

/** True when the agent's widget settings allow a browser on `origin`. */
export function originAllowed(agent: AgentRecord, origin: string | undefined, ownOrigin: string): boolean {
  if (!agent.config.widget.enabled || !origin) return false;
  if (origin === ownOrigin) return true;
  return agent.config.widget.allowed_origins.some((allowed) => allowed === '*' || allowed.replace(/\/$/, '') === origin);
}

/**
 * The page's origin. Browsers leave `Origin` off same-origin GETs but always send
 * `Sec-Fetch-Site`, which scripts cannot set: `same-origin` means a page on the host this
 * request was sent to. That is one of ours only when the host is our public one — under
 * DNS rebinding it is the attacker's name, resolving to us. The scheme is not compared:
 * behind a TLS-terminating proxy the request arrives as http.
 */
export function browserOrigin(c: Context<AppEnv>, publicOrigin: string): string | undefined {
  const origin = c.req.header('origin');
  if (origin) return origin;
  if (c.req.header('sec-fetch-site') !== 'same-origin') return undefined;
  const requested = new URL(c.req.url);
  return requested.host === new URL(publicOrigin).host ? publicOrigin : requested.origin;
}

/**
 * Whether the `{id}` of the path may reach this session. A widget reaches it only through
 * the agent it was started on: that agent's widget is the one embedded on the page, its
 * current settings decide who may talk (checked on every call by `caller`), and the
 * widget keeps that URL after a hand-off to another agent. An API key may also use the
 * agent serving the session now, the `agent_id` the run and the calls API report.
 */
function reachableThrough(session: SessionAccess, caller: ChatCaller): boolean {
  if (session.entryAgentId === caller.agent.id) return true;
  return caller.channel === 'api' && session.agentId === caller.agent.id;
}

/** What deciding who may reach a session reads. */
export interface TextChatAccessPorts {
  agents: Pick<AgentsRepo, 'findWithKey' | 'findByPublicId' | 'find'>;
  apiKeys: Pick<ApiKeysRepo, 'recordUse'>;
  sessions: Pick<SessionsRepo, 'getAccess' | 'get' | 'hasToken'>;
}

/** How the console's session is read (the same as on `/v1`). */
export interface ConsoleAccess {
  sessions: Pick<ConsoleSessions, 'resolve'>;
  cookie: Pick<SessionCookie, 'read'>;
}

export function createTextChatAccess(repos: TextChatAccessPorts, options: { publicOrigin: () => string; console?: ConsoleAccess }) {
  async function workspaceCaller(workspaceId: number, agentId: string): Promise<ChatCaller> {
    const agent = await repos.agents.find(workspaceId, agentId);
    if (!agent) throw notFound('Agent not found');
    return { workspaceId, agent, channel: 'api' };
  }

  /** The playground: a builder's console session, proven with its CSRF token on every call. */
  async function consoleWorkspace(c: Context<AppEnv>, access: ConsoleAccess): Promise<number> {
    const cookie = access.cookie.read(c);
    const signedIn = cookie === undefined ? undefined : await access.sessions.resolve(cookie);
    if (!signedIn) throw unauthorized('Your console session has ended (signed out or expired): sign in again');
    requireCsrfToken(c, signedIn, options.publicOrigin());
    if (!roleAtLeast(signedIn.user.role, 'builder')) throw forbidden(signedIn.user.role, 'builder');
    return signedIn.user.workspaceId;
  }

  return {
    async caller(c: Context<AppEnv>, agentId: string): Promise<ChatCaller> {
      const key = readApiKey(c.req);
      if (key) {
        // The key and the agent in one read: this runs on every turn.
        const reached = await repos.agents.findWithKey(key, agentId);
        if (reached === undefined) throw unauthorized('Invalid API key: send a valid key as "Authorization: Bearer <key>" or "x-api-key: <key>"');
        await repos.apiKeys.recordUse(reached.key);
        if (!reached.agent) throw notFound('Agent not found');
        return { workspaceId: reached.workspaceId, agent: reached.agent, channel: 'api' };
      }
      if (options.console && c.req.header(CSRF_HEADER) !== undefined) return workspaceCaller(await consoleWorkspace(c, options.console), agentId);
      const agent = await repos.agents.findByPublicId(agentId);
      if (!agent || !agent.config.widget.enabled) {
        throw unauthorized('This agent is not public: send an API key as "Authorization: Bearer <key>" or "x-api-key: <key>"');
      }
      const publicOrigin = options.publicOrigin();
      if (!originAllowed(agent, browserOrigin(c, publicOrigin), publicOrigin)) {
        throw new DomainError(
          'origin_not_allowed',
          'This request has no API key and does not come from a page on one of the agent\'s widget allowed_origins: send an API key as "Authorization: Bearer <key>" or "x-api-key: <key>", or add the page\'s origin to the agent\'s widget allowed_origins',
        );
      }
      return { workspaceId: agent.workspaceId, agent, channel: 'widget' };
    },

    /** The id of the caller's session, or 404 for anything it may not see through this agent. */
    async sessionId(c: Context<AppEnv>, caller: ChatCaller, runId: number): Promise<number> {
      const session = await repos.sessions.getAccess(runId);
      if (!session || session.workspaceId !== caller.workspaceId || !reachableThrough(session, caller)) throw notFound('Session not found');
      if (caller.channel === 'widget') {
        const token = c.req.header('x-session-token');
        if (!token) throw unauthorized('Send the session_token of this session as "x-session-token"');
        // The token the session was created with, or one a verified visitor's other device got.
        const known = tokenMatches(token, session.tokenHash) || (await repos.sessions.hasToken(session.id, hashSecret(token)));
        if (!known) throw notFound('Session not found');
      }
      return session.id;
    },

    /** The caller's whole session, for routes that show it. */
    async session(c: Context<AppEnv>, caller: ChatCaller, runId: number): Promise<SessionRecord> {
      const session = await repos.sessions.get(await this.sessionId(c, caller, runId));
      if (!session) throw notFound('Session not found');
      return session;
    },
  };
}

export type TextChatAccess = ReturnType<typeof createTextChatAccess>;
