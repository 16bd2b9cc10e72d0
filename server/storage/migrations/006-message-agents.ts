import type { Kysely, Migration } from 'kysely';

/**
 * The agent and version whose workflow produced each message's stored state. A rewind to a
 * message from before a hand-off to another agent must run that message's agent again, not
 * the agent the session runs now. Rows written before this migration hold NULL: a rewind to
 * them keeps the session's current agent, as it did then.
 */
export function messageAgentsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('agent_id', 'integer').execute();
      await db.schema.alterTable('messages').addColumn('agent_version', 'integer').execute();
    },
  };
}
