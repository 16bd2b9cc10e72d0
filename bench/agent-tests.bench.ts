/**
 * Agent test runner throughput: N reply tests (default 100) queued in one batch against a
 * `parley serve` child process whose LLM is the fake one answering every request after a
 * fixed latency (default 50 ms). Each reply test makes 2 LLM calls (the agent's answer and
 * the judge; the agent's first_message needs none). Reports the wall time from queueing
 * to the last completion, the concurrency actually reached (from the runs' started_at /
 * completed_at), and the target: 1.5 × (N / concurrency) × latency × calls per test.
 * Several rounds (`--rounds`) run on the same server, since a shared machine is noisy:
 * the median round is the figure, the best and worst show the spread.
 *
 *   npx tsx bench/agent-tests.bench.ts [--tests 100] [--concurrency 4] [--latency-ms 50] [--rounds 3] [--database-url postgres://…]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateApiKey } from '../server/auth/api-key.ts';
import { JUDGE_SYSTEM_PROMPT } from '../server/testing/judge-prompts.ts';
import { testRunListSchema, testRunSchema, type TestRunResponse } from '../shared/api/agent-test-runs-api.ts';
import { startFakeLlm, type FakeHandler } from '../test/fake-llm/fake-llm.ts';
import { llmAgentBody } from '../test/fixtures/loop-agent.ts';
import { tempSqliteUrl } from '../test/helpers/server-process.ts';
import { buildServer } from '../scripts/build-server.ts';
import { startChild } from './lib/child-server.ts';
import { fmt } from './lib/stats.ts';

const LLM_CALLS_PER_TEST = 2;
const withId = z.looseObject({ id: z.string() });

export interface AgentTestsBenchOptions {
  tests: number;
  concurrency: number;
  latencyMs: number;
  /** Rounds on the same server (default 1); the median round is reported. */
  rounds?: number;
  databaseUrl: string;
}

export interface AgentTestsBenchResult extends AgentTestsBenchOptions {
  rounds: number;
  database: string;
  /** Queue to last completion: the median round. */
  wallMs: number;
  /** Queue to last completion, per round. */
  roundsMs: number[];
  /** The most runs whose [started_at, completed_at] overlapped, over all rounds. */
  peakConcurrency: number;
  /** Passed runs over all rounds. */
  passed: number;
  targetMs: number;
  llmRequests: number;
}

type RunTimes = Pick<TestRunResponse, 'started_at' | 'completed_at'>;
type Call = <T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown) => Promise<z.infer<T>>;

/** Maximum overlap of [start, end] intervals (ms resolution, as stored). */
export function peakOverlap(runs: readonly RunTimes[]): number {
  const edges = runs.flatMap((run) => (run.started_at && run.completed_at ? [[Date.parse(run.started_at), 1] as const, [Date.parse(run.completed_at), -1] as const] : []));
  // An end and a start at the same millisecond do not overlap: ends first.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (current += delta));
  return peak;
}

/** The middle value (the lower middle for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** Queue every test once, wait for the last run, and time it by the server's own clock. */
async function measureRound(call: Call, agentId: string, testIds: readonly string[]): Promise<{ wallMs: number; runs: TestRunResponse[] }> {
  const startedAt = Date.now();
  let runs: TestRunResponse[] = [];
  for (let i = 0; i < testIds.length; i += 100) {
    const entries = testIds.slice(i, i + 100).map((test_id) => ({ test_id, agent_id: agentId }));
    runs.push(...(await call('POST', '/v1/agents/tests/runs/batch', testRunListSchema, { entries })).runs);
  }
  // Runs are claimed oldest first: wait on one unfinished run at a time, so polling
  // adds at most one request per 20 ms to the server being measured.
  for (let i = 0; i < runs.length; ) {
    const current = runs[i];
    if (!current) break;
    const fresh = await call('GET', `/v1/agents/tests/runs/${current.id}`, testRunSchema);
    runs[i] = fresh;
    if (fresh.completed_at) i += 1;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  runs = await Promise.all(runs.map((run) => call('GET', `/v1/agents/tests/runs/${run.id}`, testRunSchema)));
  // The server's completion times, not when polling noticed: same machine, same clock.
  return { wallMs: Math.max(...runs.map((run) => Date.parse(run.completed_at ?? ''))) - startedAt, runs };
}

export async function benchAgentTests(options: AgentTestsBenchOptions): Promise<AgentTestsBenchResult> {
  const llm = await startFakeLlm();
  const answer: FakeHandler = (body) => {
    const system = body.messages[0]?.content;
    const judging = typeof system === 'string' && system.startsWith(JUDGE_SYSTEM_PROMPT);
    return { content: judging ? JSON.stringify({ passed: true, rationale: 'ok', confidence: 1 }) : 'Happy to help.', delayMs: options.latencyMs };
  };
  llm.setHandler(answer);
  const key = generateApiKey();
  // What `npm start` runs: the compiled server, built from the sources as they are now.
  const { entry } = await buildServer();
  const parley = await startChild(
    ['--enable-source-maps', entry, 'serve'],
    { PORT: '0', DATABASE_URL: options.databaseUrl, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench', LOG_LEVEL: 'warn', PARLEY_TEST_CONCURRENCY: String(options.concurrency) },
    /running at (http:\S+)/,
  );
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const call: Call = async (method, path, schema, body) => {
    const res = await fetch(`${parley.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return schema.parse(await res.json());
  };

  try {
    const agent = await call('POST', '/v1/agents', withId, llmAgentBody());
    const testIds: string[] = [];
    for (let i = 0; i < options.tests; i++) {
      const config = { context: `Question ${i}?`, success_criteria: 'The agent offers help.' };
      testIds.push((await call('POST', `/v1/agents/${agent.id}/tests`, withId, { name: `reply ${i}`, type: 'reply', config })).id);
    }
    llm.reset();
    llm.setHandler(answer);

    const rounds = options.rounds ?? 1;
    const roundsMs: number[] = [];
    let peak = 0;
    let passed = 0;
    for (let round = 0; round < rounds; round += 1) {
      const measured = await measureRound(call, agent.id, testIds);
      roundsMs.push(measured.wallMs);
      peak = Math.max(peak, peakOverlap(measured.runs));
      passed += measured.runs.filter((run) => run.status === 'passed').length;
    }
    return {
      ...options,
      rounds,
      database: options.databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite',
      wallMs: median(roundsMs),
      roundsMs,
      peakConcurrency: peak,
      passed,
      targetMs: 1.5 * (options.tests / options.concurrency) * options.latencyMs * LLM_CALLS_PER_TEST,
      llmRequests: llm.requests.length,
    };
  } finally {
    await parley.stop();
    await llm.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      tests: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '4' },
      'latency-ms': { type: 'string', default: '50' },
      rounds: { type: 'string', default: '3' },
      'database-url': { type: 'string' },
    },
  });
  const r = await benchAgentTests({
    tests: Number(values.tests),
    concurrency: Number(values.concurrency),
    latencyMs: Number(values['latency-ms']),
    rounds: Number(values.rounds),
    databaseUrl: values['database-url'] ?? tempSqliteUrl(),
  });
  const ideal = (r.tests / r.concurrency) * r.latencyMs * LLM_CALLS_PER_TEST;
  console.log(`| ${r.tests} reply tests, ${r.database}, concurrency ${r.concurrency}, LLM ${r.latencyMs} ms, ${r.rounds} rounds | value |`);
  console.log('|---|---|');
  console.log(`| wall time, queue to last completion | median ${fmt(r.wallMs, 0)} ms (best ${fmt(Math.min(...r.roundsMs), 0)}, worst ${fmt(Math.max(...r.roundsMs), 0)}) |`);
  console.log(`| runs | ${r.passed}/${r.tests * r.rounds} passed, ${r.llmRequests} LLM requests (${LLM_CALLS_PER_TEST} per test) |`);
  console.log(`| concurrency reached | ${r.peakConcurrency} of ${r.concurrency} |`);
  console.log(`| ideal: (${r.tests} / ${r.concurrency}) × ${r.latencyMs} ms × ${LLM_CALLS_PER_TEST} calls | ${fmt(ideal, 0)} ms |`);
  console.log(`| target: 1.5 × ideal | ${fmt(r.targetMs, 0)} ms: ${r.wallMs <= r.targetMs ? 'met' : 'MISSED'} (median ${fmt(r.wallMs / ideal, 2)} × ideal) |`);
}
