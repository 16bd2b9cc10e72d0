/** The text-chat bench's result as the Markdown tables of bench/README.md. */
import type { ClosedFigures, TextChatBenchResult } from '../text-chat.bench.ts';
import type { FirstDeltaFigures, LlmTiming } from './first-delta.ts';
import type { PacedFigures } from './pacer.ts';
import type { PgScaling } from './pg-scaling.ts';
import { fmt } from './stats.ts';

const percent = (part: number, whole: number) => `${fmt((100 * part) / whole)} %`;
const times = (part: number, whole: number) => `${fmt(part / whole, 2)} ×`;
const failures = (f: { non2xx: number; errors: number }) => `${f.non2xx} / ${f.errors}`;
/** Below this echo ÷ Parley ratio the generator may be what limits Parley's figure. */
const GENERATOR_HEADROOM = 5;

function closedTable(title: string, rows: [string, ClosedFigures][], postgres: boolean): string[] {
  const pgHeads = postgres ? ' Postgres backends CPU ms / request | WAL flushes / request |' : '';
  const pgCells = (f: ClosedFigures) => (postgres ? ` ${f.pg ? fmt(f.pg.cpuMs, 3) : '–'} | ${f.pg ? fmt(f.pg.walSyncs, 2) : '–'} |` : '');
  return [
    `| ${title} | req/s (2xx) | p50 ms | p99 ms | p99 ÷ p50 | non-2xx / errors | server CPU ms / request |${pgHeads}`,
    `|---|---|---|---|---|---|---|${postgres ? '---|---|' : ''}`,
    ...rows.map(([name, f]) => `| ${name} | ${fmt(f.perSecond, 0)} | ${fmt(f.p50, 2)} | ${fmt(f.p99, 2)} | ${fmt(f.p99 / f.p50, 1)} | ${failures(f)} | ${fmt(f.cpuMsPerRequest, 3)} |${pgCells(f)}`),
  ];
}

function scalingTables(s: PgScaling, seconds: number): string[] {
  const { one, two } = s.processes;
  return [
    '',
    `| Postgres, closed loop by concurrent sessions (wrk connections), ${seconds} s each | floor req/s | floor p50 / p99 ms | Parley req/s | Parley p50 / p99 ms | Parley ÷ floor | Parley server CPU ms / req | Parley backends CPU ms / req |`,
    '|---|---|---|---|---|---|---|---|',
    ...s.byConnections.map(
      ({ connections, floor, parley }) =>
        `| ${connections} | ${fmt(floor.perSecond, 0)} | ${fmt(floor.p50, 1)} / ${fmt(floor.p99, 1)} | ${fmt(parley.perSecond, 0)} | ${fmt(parley.p50, 1)} / ${fmt(parley.p99, 1)} | ${percent(parley.perSecond, floor.perSecond)} | ${fmt(parley.cpuMsPerRequest, 3)} | ${parley.pg ? fmt(parley.pg.cpuMs, 3) : '–'} |`,
    ),
    '',
    `| Parley on Postgres by pool size (PARLEY_PG_POOL_SIZE), ${s.processes.connections} connections | req/s | p50 ms | p99 ms | server CPU ms / req | backends CPU ms / req | WAL flushes / req |`,
    '|---|---|---|---|---|---|---|',
    ...s.byPoolSize.map(({ poolSize, parley }) => `| ${poolSize} | ${fmt(parley.perSecond, 0)} | ${fmt(parley.p50, 1)} | ${fmt(parley.p99, 1)} | ${fmt(parley.cpuMsPerRequest, 3)} | ${parley.pg ? fmt(parley.pg.cpuMs, 3) : '–'} | ${parley.pg ? fmt(parley.pg.walSyncs, 2) : '–'} |`),
    '',
    `| \`parley serve\` processes on one Postgres database, ${s.processes.connections} connections in all | req/s | p50 ms (worse process) | p99 ms (worse process) | server CPU ms / req (all processes) | non-2xx / errors |`,
    '|---|---|---|---|---|---|',
    `| one process | ${fmt(one.perSecond, 0)} | ${fmt(one.p50, 1)} | ${fmt(one.p99, 1)} | ${fmt(one.cpuMsPerRequest, 3)} | ${failures(one)} |`,
    `| two processes, each half the sessions and connections | ${fmt(two.perSecond, 0)} | ${fmt(two.p50, 1)} | ${fmt(two.p99, 1)} | ${fmt(two.cpuMsPerRequest, 3)} | ${failures(two)} |`,
    `| **two ÷ one** | **${times(two.perSecond, one.perSecond)}** | | | | |`,
  ];
}

function streamsLabel(f: FirstDeltaFigures & { timing: LlmTiming }): string {
  if (f.concurrency === 1) return 'one stream at a time';
  return f.timing.startSpreadMs > 0 ? `${f.concurrency} streams at once, starts spread over ${f.timing.startSpreadMs} ms` : `${f.concurrency} streams in lockstep (worst case)`;
}

/** The SSE rows: first `delta` after the LLM's first text, by how the streams run. */
export function firstDeltaTable(figures: readonly (FirstDeltaFigures & { timing: LlmTiming })[]): string[] {
  return [
    "| `llm` agent, streamed (SSE) turns | fake LLM: first byte after, chunk every | turns | first `delta` read after the LLM wrote its first text: p50 ms | p99 ms | client process event-loop delay p99 ms | server CPU ms / turn |",
    '|---|---|---|---|---|---|---|',
    ...figures.map((f) => `| ${streamsLabel(f)} | ${f.timing.firstByteMs.max > 0 ? `${f.timing.firstByteMs.min}–${f.timing.firstByteMs.max} ms` : 'at once'}, ${f.timing.chunkDelayMs} ms | ${f.samples} | ${fmt(f.p50, 2)} | ${fmt(f.p99, 2)} | ${fmt(f.clientLoopDelayP99, 2)} | ${fmt(f.serverCpuMsPerTurn, 2)} |`),
  ];
}

export function textChatTable(r: TextChatBenchResult): string[] {
  const { closed, paced, options } = r;
  const engine = options.database.engine;
  const postgres = engine === 'postgres';
  const driver = postgres ? 'pg Pool (10)' : 'better-sqlite3';
  const pacedRow = (name: string, f: PacedFigures) =>
    `| ${name} | ${fmt(f.perSecond, 0)} | ${fmt(f.p50, 2)} | ${fmt(f.p99, 2)} | ${failures(f)} | ${fmt(f.lagP99, 2)} | ${f.waitedForSession} |`;
  const threads = options.wrkThreads ?? options.connections;
  return [
    `Load average (1 min) ${fmt(r.load.before, 2)} before, ${fmt(r.load.after, 2)} after; snapshot written per turn: ${r.snapshotBytes} bytes (×2).`,
    '',
    ...closedTable(
      `closed loop, ${engine}: wrk -t ${threads} -c ${options.connections}, ${options.sessions} sessions, ${options.seconds} s`,
      [
        ['bare Hono JSON echo', closed.echo],
        [`turn floor: Hono + ${driver}`, closed.floor],
        ['Parley text-chat turn (ask → say loop agent)', closed.parley],
      ],
      postgres,
    ),
    `| **Parley ÷ floor** | **${percent(closed.parley.perSecond, closed.floor.perSecond)}** | **${times(closed.parley.p50, closed.floor.p50)}** | **${times(closed.parley.p99, closed.floor.p99)}** | | | **${times(closed.parley.cpuMsPerRequest, closed.floor.cpuMsPerRequest)}** |${postgres ? ' | |' : ''}`,
    `| echo ÷ Parley (how far above Parley the generator was shown to drive) | ${times(closed.echo.perSecond, closed.parley.perSecond)} | | | | | |${postgres ? ' | |' : ''}`,
    ...(closed.echo.perSecond < GENERATOR_HEADROOM * closed.parley.perSecond
      ? ['', `**Not a valid run**: the echo was driven to less than ${GENERATOR_HEADROOM} × Parley's rate, so the load generator may be the limit.`]
      : []),
    '',
    `| paced at ${paced.rate} req/s (${fmt((100 * paced.rate) / closed.parley.perSecond, 0)} % of Parley's saturation), open loop, 2 pacer processes, ${options.seconds} s | req/s (2xx) | p50 ms | p99 ms | non-2xx / errors | pacer lag p99 ms | arrivals that waited for a session |`,
    '|---|---|---|---|---|---|---|',
    pacedRow("bare Hono JSON echo (the pacer's own floor)", paced.echo),
    pacedRow(`turn floor: Hono + ${driver}`, paced.floor),
    pacedRow('Parley text-chat turn', paced.parley),
    `| **Parley ÷ floor** | | **${times(paced.parley.p50, paced.floor.p50)}** | **${times(paced.parley.p99, paced.floor.p99)}** | | | |`,
    '',
    ...firstDeltaTable(r.firstDelta),
    '',
    `\`llm\` turn (JSON, one at a time, the fake LLM answering after 20 ms), ${r.llmTurn.samples} turns: round trip minus the LLM's own time p50 ${fmt(r.llmTurn.addedP50, 2)} ms, p99 ${fmt(r.llmTurn.addedP99, 2)} ms; recorded \`server_ms\` p50 ${fmt(r.llmTurn.serverMsP50, 0)} ms, p99 ${fmt(r.llmTurn.serverMsP99, 0)} ms.`,
    ...(r.scaling ? scalingTables(r.scaling, options.seconds) : []),
  ];
}
