/** The text-chat bench's result as the Markdown tables of bench/README.md. */
import type { ClosedFigures, TextChatBenchResult } from '../text-chat.bench.ts';
import type { LoadFigures } from './load-figures.ts';
import type { PacedFigures } from './pacer.ts';
import { fmt } from './stats.ts';

const percent = (part: number, whole: number) => `${fmt((100 * part) / whole)} %`;
const times = (part: number, whole: number) => `${fmt(part / whole, 2)} ×`;
const failures = (f: LoadFigures) => `${f.non2xx} / ${f.errors}`;
/** Below this echo ÷ Parley ratio the generator may be what limits Parley's figure. */
const GENERATOR_HEADROOM = 5;

export function textChatTable(r: TextChatBenchResult): string[] {
  const { closed, paced, options } = r;
  const engine = options.database.engine;
  const driver = engine === 'sqlite' ? 'better-sqlite3' : 'pg Pool (10)';
  const row = (name: string, f: ClosedFigures) => `| ${name} | ${fmt(f.perSecond, 0)} | ${fmt(f.p50, 2)} | ${fmt(f.p99, 2)} | ${failures(f)} | ${fmt(f.cpuMsPerRequest, 3)} |`;
  const pacedRow = (name: string, f: PacedFigures) =>
    `| ${name} | ${fmt(f.perSecond, 0)} | ${fmt(f.p50, 2)} | ${fmt(f.p99, 2)} | ${failures(f)} | ${fmt(f.lagP99, 2)} | ${f.waitedForSession} |`;
  return [
    `Load average (1 min) ${fmt(r.load.before, 2)} before, ${fmt(r.load.after, 2)} after; snapshot written per turn: ${r.snapshotBytes} bytes (×2).`,
    '',
    `| closed loop, ${engine}: wrk, ${options.connections} connections, ${options.sessions} sessions, ${options.seconds} s | req/s (2xx) | p50 ms | p99 ms | non-2xx / errors | server CPU ms / request |`,
    '|---|---|---|---|---|---|',
    row('bare Hono JSON echo', closed.echo),
    row(`turn floor: Hono + ${driver}`, closed.floor),
    row('Parley text-chat turn (ask → say loop agent)', closed.parley),
    `| **Parley ÷ floor** | **${percent(closed.parley.perSecond, closed.floor.perSecond)}** | **${times(closed.parley.p50, closed.floor.p50)}** | **${times(closed.parley.p99, closed.floor.p99)}** | | **${times(closed.parley.cpuMsPerRequest, closed.floor.cpuMsPerRequest)}** |`,
    `| echo ÷ Parley (how far above Parley the generator was shown to drive) | ${times(closed.echo.perSecond, closed.parley.perSecond)} | | | | |`,
    ...(closed.echo.perSecond < GENERATOR_HEADROOM * closed.parley.perSecond
      ? ['', `**Not a valid run**: the echo was driven to less than ${GENERATOR_HEADROOM} × Parley's rate, so the load generator may be the limit.`]
      : []),
    '',
    `| paced at ${paced.rate} req/s (${fmt((100 * paced.rate) / closed.parley.perSecond, 0)} % of Parley's saturation), open loop, 2 pacer processes, ${options.seconds} s | req/s (2xx) | p50 ms | p99 ms | non-2xx / errors | pacer lag p99 ms | arrivals that waited for a session |`,
    '|---|---|---|---|---|---|---|',
    pacedRow('bare Hono JSON echo (the pacer\'s own floor)', paced.echo),
    pacedRow(`turn floor: Hono + ${driver}`, paced.floor),
    pacedRow('Parley text-chat turn', paced.parley),
    `| **Parley ÷ floor** | | **${times(paced.parley.p50, paced.floor.p50)}** | **${times(paced.parley.p99, paced.floor.p99)}** | | | |`,
    '',
    `SSE first \`delta\` after the fake LLM's first chunk: p50 ${fmt(r.firstDelta.p50, 2)} ms, p99 ${fmt(r.firstDelta.p99, 2)} ms over ${r.firstDelta.samples} turns, one stream at a time.`,
  ];
}
