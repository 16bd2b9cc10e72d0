/**
 * Setup of a turn floor's database, not measured: one workspace with the bench's API key,
 * one agent, and `sessions` sessions in the state a Parley session of the loop agent is
 * in (revision 1, branch b1, the opening message, the template's snapshot). Written with
 * Parley's own schema and Kysely, so tables and indexes are the ones Parley creates.
 */
import type { Kysely } from 'kysely';
import { hashSecret, keyPrefix } from '../../server/auth/api-key.ts';
import type { Database } from '../../server/storage/schema.ts';
import type { TurnTemplate } from './turn-template.ts';

export interface FloorSeed {
  apiKey: string;
  sessions: number;
  template: TurnTemplate;
  at: string;
}

/** Seed and return the session ids, in creation order. */
export async function seedFloor(db: Kysely<Database>, { apiKey, sessions, template, at }: FloorSeed): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const workspace = await trx.insertInto('workspaces').values({ name: 'floor', settings: '{}', created_at: at }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('api_keys').values({ public_id: 'key_floor', workspace_id: workspace.id, key_hash: hashSecret(apiKey), key_prefix: keyPrefix(apiKey), name: 'bench', created_at: at, last_used_at: null }).execute();
    const agent = await trx
      .insertInto('agents')
      .values({ public_id: 'agent_f100f100', workspace_id: workspace.id, name: 'floor', config: '{}', published_version: 1, latest_version: 1, created_at: at, updated_at: at, deleted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('agent_versions').values({ agent_id: agent.id, version: 1, workflow: '{}', created_at: at, published_at: at }).execute();
    const ids: number[] = [];
    for (let i = 0; i < sessions; i++) {
      const session = await trx
        .insertInto('sessions')
        .values({
          workspace_id: workspace.id,
          agent_id: agent.id,
          agent_version: 1,
          channel: 'api',
          status: 'active',
          ended_reason: null,
          revision: 1,
          current_branch: 'b1',
          branch_count: 1,
          message_count: 1,
          snapshot: template.snapshot,
          node: template.node,
          variables: template.variables,
          metadata: '{}',
          overrides: '{}',
          token_hash: null,
          public_key: null,
          transfer_destination: null,
          prompt_tokens: 0,
          completion_tokens: 0,
          tool_call_count: 0,
          created_at: at,
          updated_at: at,
          ended_at: null,
          expires_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('session_branches').values({ session_id: session.id, id: 'b1', parent_id: null, fork_index: null, created_at: at }).execute();
      await trx
        .insertInto('messages')
        .values({ session_id: session.id, branch_id: 'b1', idx: 0, role: 'assistant', author: 'agent', content: template.reply, choices: null, snapshot: template.snapshot, turn: null, feedback: null, created_at: at, agent_id: agent.id, agent_version: 1 })
        .execute();
      ids.push(session.id);
    }
    return ids;
  });
}
