/**
 * A call as a CSV download: one record per transcript entry of the current branch, tool
 * calls in place, each assistant message with its turn's latency figures.
 */
import type { z } from 'zod';
import type { callDetailSchema, LatencyTurn } from '../../shared/api/calls-api.ts';
import { toCsv, type CsvCell } from './csv.ts';

type CallDetail = z.infer<typeof callDetailSchema>;

export const CALL_CSV_HEADER = [
  'call_id', 'entry', 'type', 'message_index', 'role', 'author', 'content', 'feedback', 'tool_name', 'arguments', 'result', 'error',
  'duration_ms', 'llm_ttfb_ms', 'llm_total_ms', 'tool_ms', 'server_ms', 'timestamp',
] as const;

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export function callToCsv(call: CallDetail): string {
  const latency = new Map<number, LatencyTurn>(call.latency_data.turns.map((t) => [t.message_index, t]));
  const rows = call.transcript.map((entry, i): CsvCell[] => {
    if (entry.type === 'tool_call') {
      return [call.call_id, i, 'tool_call', entry.message_index, null, null, null, null, entry.name, json(entry.arguments), json(entry.result), entry.error, entry.duration_ms, null, null, null, null, entry.timestamp];
    }
    const figures = latency.get(entry.index);
    return [
      call.call_id, i, 'message', entry.index, entry.role, entry.author, entry.content, entry.feedback?.rating, null, null, null, null, null,
      figures?.llm_ttfb_ms, figures?.llm_total_ms, figures?.tool_ms, figures?.server_ms, entry.timestamp,
    ];
  });
  return toCsv(CALL_CSV_HEADER, rows);
}
