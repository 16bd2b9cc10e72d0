/** Domain shapes of session rows, parsed from their JSON columns at the edge. */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { EndedReason, SessionStatus, Visitor } from '../../shared/api/text-chat-api.ts';
import { endedReasonSchema, sessionStatusSchema } from '../../shared/api/text-chat-api.ts';
import { parseJsonColumn } from './json-column.ts';
import type { MessagesTable, SessionsTable } from './schema.ts';

export type Channel = 'widget' | 'api' | 'test' | 'simulation';
const channelSchema = z.enum(['widget', 'api', 'test', 'simulation']);
const jsonObject = z.record(z.string(), z.unknown());

export interface SessionRecord {
  id: number;
  workspaceId: number;
  agentId: number;
  agentVersion: number;
  channel: Channel;
  status: SessionStatus;
  endedReason: EndedReason | null;
  revision: number;
  currentBranch: string;
  branchCount: number;
  messageCount: number;
  snapshot: unknown;
  node: string | null;
  variables: Record<string, unknown>;
  metadata: Record<string, unknown>;
  overrides: Record<string, unknown>;
  tokenHash: string | null;
  publicKey: string | null;
  transferDestination: string | null;
  promptTokens: number;
  completionTokens: number;
  toolCallCount: number;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
  expiresAt: string | null;
  /** The verified visitor it was started for; null for an anonymous visitor. */
  visitor: Visitor | null;
}

/**
 * `parseSnapshot`: how the snapshot column is parsed; the sessions repository passes its
 * memo of committed snapshots (snapshot-memo.ts).
 */
export function toSession(row: Selectable<SessionsTable>, parseSnapshot: (text: string) => unknown = JSON.parse): SessionRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    agentId: row.agent_id,
    agentVersion: row.agent_version,
    channel: channelSchema.parse(row.channel),
    status: sessionStatusSchema.parse(row.status),
    endedReason: row.ended_reason === null ? null : endedReasonSchema.parse(row.ended_reason),
    revision: row.revision,
    currentBranch: row.current_branch,
    branchCount: row.branch_count,
    messageCount: row.message_count,
    snapshot: row.snapshot === null ? null : parseSnapshot(row.snapshot),
    node: row.node,
    variables: parseJsonColumn(jsonObject, row.variables, 'session variables'),
    metadata: parseJsonColumn(jsonObject, row.metadata, 'session metadata'),
    overrides: parseJsonColumn(jsonObject, row.overrides, 'session overrides'),
    tokenHash: row.token_hash,
    publicKey: row.public_key,
    transferDestination: row.transfer_destination,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    toolCallCount: row.tool_call_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    expiresAt: row.expires_at,
    visitor: row.visitor_id === null ? null : { id: row.visitor_id, name: row.visitor_name, email: row.visitor_email },
  };
}

export const feedbackColumnSchema = z.object({ rating: z.enum(['up', 'down']), comment: z.string().optional(), at: z.string() });

export interface MessageRecord {
  id: number;
  branchId: string;
  index: number;
  role: 'assistant' | 'user';
  author: 'agent' | 'user' | 'operator';
  content: string;
  choices: string[] | null;
  /** Whether a rewind can return here: the state was stored with the message. */
  rewindable: boolean;
  /** The turn's figures as stored (latency, llm status, tool calls, usage, node). */
  turn: Record<string, unknown> | null;
  feedback: z.infer<typeof feedbackColumnSchema> | null;
  createdAt: string;
  /** The agent and version whose workflow produced this message's state; null on rows older than that record. */
  agent: { id: number; version: number } | null;
}

/**
 * A message row as transcripts read it: everything but the snapshot, which is only
 * needed by a rewind and would otherwise be read and parsed for every message.
 */
export type MessageRow = Omit<Selectable<MessagesTable>, 'snapshot'> & { rewindable: unknown };

export function toMessage(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    branchId: row.branch_id,
    index: row.idx,
    role: row.role,
    author: row.author,
    content: row.content,
    choices: row.choices === null ? null : parseJsonColumn(z.array(z.string()), row.choices, 'message choices'),
    // SQLite answers 0/1, Postgres a boolean.
    rewindable: Boolean(row.rewindable),
    turn: row.turn === null ? null : parseJsonColumn(jsonObject, row.turn, 'message turn'),
    feedback: row.feedback === null ? null : parseJsonColumn(feedbackColumnSchema, row.feedback, 'message feedback'),
    createdAt: row.created_at,
    agent: row.agent_id === null || row.agent_version === null ? null : { id: row.agent_id, version: row.agent_version },
  };
}

/** A message about to be written. */
export interface NewMessage {
  role: 'assistant' | 'user';
  author: 'agent' | 'user' | 'operator';
  content: string;
  choices?: string[] | undefined;
  snapshot?: unknown;
  turn?: Record<string, unknown> | undefined;
}
