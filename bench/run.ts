/**
 * `npm run bench`: every benchmark, each next to a baseline measured in the same run,
 * printed as the Markdown tables of bench/README.md.
 *
 *   npm run bench                       # SQLite, plus Postgres when PARLEY_TEST_POSTGRES_URL is set
 *   npm run bench -- --seconds 5 --quick
 */
import { parseArgs } from 'node:util';
import { tempSqliteUrl } from '../test/helpers/server-process.ts';
import { benchAgentTests } from './agent-tests.bench.ts';
import { benchColdStart, coldStartTable } from './cold-start.bench.ts';
import { benchConsoleSize, consoleSizeTable } from './console-size.bench.ts';
import { benchIdleMemory } from './idle-memory.bench.ts';
import { benchTextChat, textChatTable } from './text-chat.bench.ts';
import { benchWidgetRender, renderTable } from './widget-render.bench.ts';
import { benchWidgetSizes } from './widget-size.bench.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, quick: { type: 'boolean', default: false } } });
const seconds = Number(values.seconds);
const out = (lines: string[] | string) => console.log(Array.isArray(lines) ? lines.join('\n') : lines);

out(`# Parley benchmarks — ${new Date().toISOString()} — Node ${process.version}\n`);

const textChat = { seconds, warmupSeconds: values.quick ? 1 : 2, connections: 50, sessions: 100 };
out('## Text chat on SQLite\n');
out(textChatTable(await benchTextChat({ ...textChat, database: { engine: 'sqlite' } })));

const pgAdmin = process.env.PARLEY_BENCH_POSTGRES_URL ?? process.env.PARLEY_TEST_POSTGRES_URL;
if (pgAdmin) {
  out('\n## Text chat on Postgres\n');
  out(textChatTable(await benchTextChat({ ...textChat, database: { engine: 'postgres', adminUrl: pgAdmin } })));
} else {
  out('\n(Postgres skipped: set PARLEY_TEST_POSTGRES_URL to include it.)');
}

out('\n## Memory per idle session\n');
const memory = await benchIdleMemory(values.quick ? 500 : 2000);
out([
  `| heap after GC: warm | after ${memory.sessions} idle sessions | after ${2 * memory.sessions} | bytes per idle session (slope) |`,
  '|---|---|---|---|',
  `| ${memory.warmMb.toFixed(1)} MB | ${memory.firstMb.toFixed(1)} MB | ${memory.secondMb.toFixed(1)} MB | ${memory.bytesPerSession.toFixed(0)} |`,
]);

out('\n## Widget bundle size (gzip -9)\n');
const sizes = benchWidgetSizes();
const parley = sizes[0]?.gzipBytes ?? 1;
out(['| widget | version | raw KB | gzip KB | × Parley |', '|---|---|---|---|---|', ...sizes.map((r) => `| ${r.name} | ${r.version} | ${(r.rawBytes / 1024).toFixed(1)} | ${(r.gzipBytes / 1024).toFixed(1)} | ${(r.gzipBytes / parley).toFixed(1)} |`)]);

out('\n## Console download (gzip -9)\n');
out(consoleSizeTable(benchConsoleSize()));

out('\n## Widget first render in Chromium\n');
out(renderTable(await benchWidgetRender(values.quick ? 6 : 16)));

out('\n## Agent test runner\n');
const tests = await benchAgentTests({ tests: values.quick ? 20 : 100, concurrency: 4, latencyMs: 50, databaseUrl: tempSqliteUrl() });
out([
  '| tests | LLM latency | concurrency (peak) | wall time | target (1.5 × tests/concurrency × latency × calls) |',
  '|---|---|---|---|---|',
  `| ${tests.tests} | ${tests.latencyMs} ms | ${tests.concurrency} (${tests.peakConcurrency}) | ${(tests.wallMs / 1000).toFixed(2)} s | ${(tests.targetMs / 1000).toFixed(2)} s |`,
]);

out('\n## Cold start\n');
out(coldStartTable(await benchColdStart(values.quick ? 3 : 5)));
process.exit(0);
