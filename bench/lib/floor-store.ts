/**
 * The port of the turn floor (bench/lib/floor-app.ts): exactly a text-chat turn's reads
 * and writes, in the driver's own terms, with none of Parley's code.
 *
 * 1. the API key's workspace, selected by the key's SHA-256;
 * 2. the session row (with its snapshot JSON);
 * 3. in one transaction: the session update guarded by its revision, the user and the
 *    assistant message (one insert), and a read of the last 20 messages of the branch.
 */
export interface FloorTurn {
  keyHash: string;
  sessionId: number;
  content: string;
  /** ISO-8601 UTC, like every timestamp Parley stores. */
  at: string;
  expiresAt: string;
}

export type FloorOutcome =
  | { kind: 'unauthorized' }
  | { kind: 'not_found' }
  /** The revision moved between the read and the update: nothing was written. */
  | { kind: 'conflict' }
  | { kind: 'ok'; index: number; revision: number; recentMessages: number };

export interface FloorStore {
  turn(input: FloorTurn): Promise<FloorOutcome>;
  close(): Promise<void>;
}

/** Columns of the last-20 read: a transcript's, without the per-message snapshots. */
export const RECENT_COLUMNS = 'idx, role, author, content, choices, created_at';
export const RECENT_LIMIT = 20;
