/**
 * Wires the operator inbox: its service over the session runtime and call control, and
 * the observer that tells a workspace's inbox streams when a conversation reaches a
 * human, hears from its visitor, or ends — on every process, through the event bus.
 */
import type { CallControl } from './calls/call-control.ts';
import type { SessionRuntime } from './compose-sessions.ts';
import { createInboxService } from './inbox/inbox-service.ts';
import { inboxTopic, type SessionEventBus } from './sessions/session-event-bus.ts';
import type { SessionObserver } from './sessions/session-observer.ts';
import type { Repositories } from './storage/repositories.ts';

/** Changes of a session that change its workspace's inbox. */
export function inboxObserver(bus: SessionEventBus): SessionObserver {
  const changed = (session: { workspaceId: number }) => bus.notify(inboxTopic(session.workspaceId));
  return { transferred: changed, relayed: changed, ended: changed };
}

export function composeInbox(deps: { repos: Repositories; runtime: SessionRuntime; control: CallControl }) {
  const { repos, runtime } = deps;
  return createInboxService({
    ...runtime,
    sessions: repos.sessions,
    inbox: repos.inbox,
    agents: repos.agents,
    workflows: repos.agents,
    transcripts: repos.sessions,
    control: deps.control,
    changed: (workspaceId) => runtime.bus.notify(inboxTopic(workspaceId)),
  });
}
