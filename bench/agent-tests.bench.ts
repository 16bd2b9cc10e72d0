/**
 * Agent test runner throughput: N reply tests (default 100) queued in one batch against a
 * `parley serve` child process whose LLM is the fake one answering every request after a
 * fixed latency (default 50 ms). Each reply test makes 2 LLM calls (the agent's answer and
 * the judge; the agent's first_message needs none). Reports the wall time from queueing
 * to the last completion, the concurrency actually reached (from the runs' started_at /
 * completed_at), and the target: 1.5 × (N / concurrency) × latency × calls per test.
 *
 *   npx tsx bench/agent-tests.bench.ts [--tests 100] [--concurrency 4] [--latency-ms 50] [--database-url postgres://…]
 */
import { parseArgs } from 'node:util';
import { generateApiKey } from '../server/auth/api-key.ts';
import { JUDGE_SYSTEM_PROMPT } from '../server/testing/judge-prompts.ts';
import { startFakeLlm, type FakeHandler } from '../test/fake-llm/fake-llm.ts';
import { llmAgentBody } from '../test/fixtures/loop-agent.ts';
import { tempSqliteUrl } from '../test/helpers/server-process.ts';
import { startChild } from './lib/child-server.ts';
import { fmt } from './lib/load.ts';

const LLM_CALLS_PER_TEST = 2;
const BIN = new URL('../bin/parley.js', import.meta.url).pathname;

export interface AgentTestsBenchOptions {
  tests: number;
  concurrency: number;
  latencyMs: number;
  databaseUrl: string;
}

export interface AgentTestsBenchResult extends AgentTestsBenchOptions {
  database: string;
  wallMs: number;
  /** The most runs whose [started_at, completed_at] overlapped. */
  peakConcurrency: number;
  passed: number;
  targetMs: number;
  llmRequests: number;
}

interface RunView {
  id: string;
  status: string;
  started_at: string | null;
  completed_at: string | null;
}

/** Maximum overlap of [start, end] intervals (ms resolution, as stored). */
export function peakOverlap(runs: readonly RunView[]): number {
  const edges = runs.flatMap((run) => (run.started_at && run.completed_at ? [[Date.parse(run.started_at), 1] as const, [Date.parse(run.completed_at), -1] as const] : []));
  // An end and a start at the same millisecond do not overlap: ends first.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (current += delta));
  return peak;
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
  const parley = await startChild(
    BIN,
    ['serve'],
    { PORT: '0', DATABASE_URL: options.databaseUrl, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench', LOG_LEVEL: 'warn', PARLEY_TEST_CONCURRENCY: String(options.concurrency) },
    /running at (http:\S+)/,
  );
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${parley.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };

  try {
    const agent = await call('POST', '/v1/agents', llmAgentBody());
    const testIds: string[] = [];
    for (let i = 0; i < options.tests; i++) {
      const test = await call('POST', `/v1/agents/${agent.id}/tests`, { name: `reply ${i}`, type: 'reply', config: { context: `Question ${i}?`, success_criteria: 'The agent offers help.' } });
      testIds.push(test.id);
    }
    llm.reset();
    llm.setHandler(answer);

    const startedAt = Date.now();
    let runs: RunView[] = [];
    for (let i = 0; i < testIds.length; i += 100) {
      const { runs: queued } = await call('POST', '/v1/agents/tests/runs/batch', { entries: testIds.slice(i, i + 100).map((test_id) => ({ test_id, agent_id: agent.id })) });
      runs.push(...(queued as RunView[]));
    }
    // Runs are claimed oldest first: wait on one unfinished run at a time, so polling
    // adds at most one request per 20 ms to the server being measured.
    for (let i = 0; i < runs.length; ) {
      const current = runs[i];
      if (!current) break;
      const fresh = (await call('GET', `/v1/agents/tests/runs/${current.id}`)) as RunView;
      runs[i] = fresh;
      if (fresh.completed_at) i += 1;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    runs = await Promise.all(runs.map((run) => call('GET', `/v1/agents/tests/runs/${run.id}`) as Promise<RunView>));
    // The server's completion times, not when polling noticed: same machine, same clock.
    const wallMs = Math.max(...runs.map((run) => Date.parse(run.completed_at ?? ''))) - startedAt;
    return {
      ...options,
      database: options.databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite',
      wallMs,
      peakConcurrency: peakOverlap(runs),
      passed: runs.filter((run) => run.status === 'passed').length,
      targetMs: 1.5 * (options.tests / options.concurrency) * options.latencyMs * LLM_CALLS_PER_TEST,
      llmRequests: llm.requests.length,
      ...(process.env.BENCH_DEBUG ? (console.log(llm.timings.slice(1).map((tm, i) => (tm.receivedAt - (llm.timings[i]?.finishedAt ?? 0)).toFixed(1)).join(" ")), {}) : {}),
    };
  } finally {
    await parley.stop();
    await llm.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { tests: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '4' }, 'latency-ms': { type: 'string', default: '50' }, 'database-url': { type: 'string' } },
  });
  const r = await benchAgentTests({
    tests: Number(values.tests),
    concurrency: Number(values.concurrency),
    latencyMs: Number(values['latency-ms']),
    databaseUrl: values['database-url'] ?? tempSqliteUrl(),
  });
  const ideal = (r.tests / r.concurrency) * r.latencyMs * LLM_CALLS_PER_TEST;
  console.log(`| ${r.tests} reply tests, ${r.database}, concurrency ${r.concurrency}, LLM ${r.latencyMs} ms | value |`);
  console.log('|---|---|');
  console.log(`| wall time, queue to last completion | ${fmt(r.wallMs, 0)} ms (${r.passed}/${r.tests} passed, ${r.llmRequests} LLM requests) |`);
  console.log(`| concurrency reached | ${r.peakConcurrency} of ${r.concurrency} |`);
  console.log(`| ideal (${r.tests} / ${r.concurrency}) × ${r.latencyMs} ms × ${LLM_CALLS_PER_TEST} calls | ${fmt(ideal, 0)} ms |`);
  console.log(`| target (1.5 × ideal) | ${fmt(r.targetMs, 0)} ms: ${r.wallMs <= r.targetMs ? 'met' : 'MISSED'} (${fmt(r.wallMs / ideal, 2)} × ideal) |`);
}
