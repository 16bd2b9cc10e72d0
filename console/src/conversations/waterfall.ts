/**
 * The per-turn latency waterfall: each turn's server time as LLM (its first byte marked),
 * tools, then the server's own share, on one scale for the whole call so turns compare.
 * A turn's parts are stored as totals, not timestamps, so they are laid end to end.
 */
import type { LatencyTurn } from '../../../shared/api/calls-api.ts';
import { formatMs } from '../ui/format.ts';

export type SegmentKind = 'llm' | 'tool' | 'server';

export interface WaterfallSegment {
  kind: SegmentKind;
  ms: number;
  /** Percent of the widest turn. */
  start: number;
  width: number;
}

export interface WaterfallRow {
  turn: number;
  messageIndex: number;
  totalMs: number;
  segments: WaterfallSegment[];
  /** Where the LLM's first byte came, percent of the widest turn; null without one. */
  ttfbAt: number | null;
  /** What a screen reader hears for the bar. */
  label: string;
}

const percent = (ms: number, scale: number) => (scale === 0 ? 0 : (ms / scale) * 100);

/** @example waterfallRows([{ turn: 1, llm_total_ms: 300, tool_ms: 50, server_ms: 10, llm_ttfb_ms: 120, … }]) */
export function waterfallRows(turns: readonly LatencyTurn[]): WaterfallRow[] {
  const partsOf = (t: LatencyTurn): [SegmentKind, number][] => [
    ['llm', t.llm_total_ms ?? 0],
    ['tool', t.tool_ms ?? 0],
    ['server', t.server_ms ?? 0],
  ];
  const totals = turns.map((t) => partsOf(t).reduce((sum, [, ms]) => sum + ms, 0));
  const scale = Math.max(0, ...totals);
  return turns.map((t, i) => {
    let at = 0;
    const segments: WaterfallSegment[] = [];
    for (const [kind, ms] of partsOf(t)) {
      if (ms <= 0) continue;
      segments.push({ kind, ms, start: percent(at, scale), width: percent(ms, scale) });
      at += ms;
    }
    const ttfb = t.llm_ttfb_ms;
    const parts = [
      t.llm_total_ms === null ? null : `LLM ${formatMs(t.llm_total_ms)}${ttfb === null ? '' : ` (first byte ${formatMs(ttfb)})`}`,
      t.tool_ms === null ? null : `tools ${formatMs(t.tool_ms)}`,
      t.server_ms === null ? null : `server ${formatMs(t.server_ms)}`,
    ].filter((p) => p !== null);
    return {
      turn: t.turn,
      messageIndex: t.message_index,
      totalMs: totals[i] ?? 0,
      segments,
      ttfbAt: ttfb === null ? null : percent(ttfb, scale),
      label: `Turn ${t.turn}: ${parts.length ? parts.join(', ') : 'no figures'}; ${formatMs(totals[i] ?? 0)} in all`,
    };
  });
}
