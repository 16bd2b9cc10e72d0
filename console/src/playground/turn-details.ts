/**
 * What the playground shows under each assistant message — the tool calls of its turn,
 * its latency figures, and the workflow's variables after it — kept per message of the
 * branch that owns it (`ownerOf`), so they stay right after rewinds and when another
 * branch is opened.
 *
 * Today's API gives the tool calls and latency of the current branch (`GET /v1/calls/{id}`)
 * and the variables as they stand now (`extracted_data`), so the variables are recorded
 * after each turn and rewind this page saw. Per-message node, tokens and variables belong
 * in the text-chat run (see the console README): then this store fills from the run alone.
 */
import type { z } from 'zod';
import type { callDetailSchema, LatencyTurn, TranscriptEntry } from '../../../shared/api/calls-api.ts';
import { ownerOf, type Branch } from './branches.ts';

type CallDetail = z.infer<typeof callDetailSchema>;
export type ToolCallEntry = Extract<TranscriptEntry, { type: 'tool_call' }>;

export interface TurnDetails {
  toolCalls: ToolCallEntry[];
  latency: LatencyTurn | null;
  /** The variables after the message, when this page saw them. */
  variables: Record<string, unknown> | null;
}

const key = (branch: string, index: number) => `${branch}:${index}`;

export class TurnDetailsStore {
  private readonly details = new Map<string, TurnDetails>();

  /**
   * Takes in a call read right after a turn or rewind: `branches` and `branchId` are the
   * run's at that moment, `lastIndex` its last message (the one the variables follow).
   */
  absorb(detail: CallDetail, branches: readonly Branch[], branchId: string, lastIndex: number): void {
    const toolCalls = new Map<number, ToolCallEntry[]>();
    for (const entry of detail.transcript) {
      if (entry.type === 'tool_call') toolCalls.set(entry.message_index, [...(toolCalls.get(entry.message_index) ?? []), entry]);
    }
    for (const latency of detail.latency_data.turns) {
      const at = key(ownerOf(branches, branchId, latency.message_index), latency.message_index);
      const known = this.details.get(at);
      this.details.set(at, { toolCalls: toolCalls.get(latency.message_index) ?? [], latency, variables: known?.variables ?? null });
    }
    const last = key(ownerOf(branches, branchId, lastIndex), lastIndex);
    const known = this.details.get(last);
    this.details.set(last, { toolCalls: known?.toolCalls ?? toolCalls.get(lastIndex) ?? [], latency: known?.latency ?? null, variables: detail.extracted_data });
  }

  get(branches: readonly Branch[], branchId: string, index: number): TurnDetails | undefined {
    return this.details.get(key(ownerOf(branches, branchId, index), index));
  }
}

export interface VariableChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/**
 * What changed from one set of variables to the next, by dotted path into objects.
 * @example diffVariables({ a: 1 }, { a: 2, b: { c: 3 } }) // [changed a 1→2, added b.c 3]
 */
export function diffVariables(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): VariableChange[] {
  const changes: VariableChange[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = `${prefix}${name}`;
    const had = Object.hasOwn(before, name);
    const has = Object.hasOwn(after, name);
    const a = before[name];
    const b = after[name];
    if (!had) changes.push({ path, kind: 'added', after: b });
    else if (!has) changes.push({ path, kind: 'removed', before: a });
    else if (isObject(a) && isObject(b)) changes.push(...diffVariables(a, b, `${path}.`));
    else if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ path, kind: 'changed', before: a, after: b });
  }
  return changes;
}
