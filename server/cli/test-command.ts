/**
 * `parley test <agent_id>`: the CI gate. Queues every test attached to the agent on a
 * running server, waits for the runs, prints a PASS/FAIL/ERROR line per test (with the
 * rationale of what did not pass) and a summary, and writes JUnit XML when asked.
 * Then the suite's workflow coverage (`GET /v1/agents/{id}/tests/coverage`): a line, and
 * properties of the JUnit suite.
 * Exit codes: 0 all passed; 1 any failed, errored, timed out, or no tests at all;
 * 2 usage, authentication or HTTP error.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { createParleyClient, ParleyError, type Answer, type Operation } from '../../client/index.ts';
import { agentTestListSchema } from '../../shared/api/agent-tests-api.ts';
import { testCoverageSchema, testRunListSchema, testRunSchema, type TestCoverage, type TestRunResponse } from '../../shared/api/agent-test-runs-api.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { junitReport, type JUnitCase } from './junit-report.ts';

export const TEST_USAGE = 'Usage: parley test <agent_id> [--server URL] [--junit FILE] [--timeout SECONDS]';
export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

export interface TestCommandDeps {
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Waits between two polls; injected so tests never sleep on the wall clock. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  writeFile?: (path: string, text: string) => Promise<void>;
}

interface Watched {
  run: TestRunResponse;
  name: string;
  type: string;
  /** Printed already. */
  reported: boolean;
}

/** The answers the gate reads, parsed like any input: a server of another version is named, not misread. */
const ANSWERS: Partial<Record<Operation, z.ZodType>> = {
  'GET /v1/agents/{id}/tests': agentTestListSchema,
  'POST /v1/agents/{id}/tests/runs': testRunListSchema,
  'GET /v1/agents/tests/runs/{run_id}': testRunSchema,
  'GET /v1/agents/{id}/tests/coverage': testCoverageSchema,
};

/** A client `validate` hook parsing the answers of these operations with their schemas. */
export function answerChecker(answers: Partial<Record<Operation, z.ZodType>>) {
  return ({ operation, status, body }: Answer): void => {
    const parsed = answers[operation]?.safeParse(body);
    if (parsed && !parsed.success) {
      throw new ParleyError({ status, code: 'invalid_response', message: `answered an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`, operation });
    }
  };
}

/** One line for a failed request, as the CI log shows it. */
export function failureLine(error: ParleyError, server: string): string {
  if (error.code === 'network_error') return `Cannot reach ${server}: ${error.cause instanceof Error ? error.cause.message : error.message}`;
  return `${error.operation}: ${error.status} ${error.message}`;
}

const terminal = (run: TestRunResponse) => run.status === 'passed' || run.status === 'failed' || run.status === 'error';
const seconds = (run: TestRunResponse) => (run.duration_ms ?? 0) / 1000;

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { server: { type: 'string' }, junit: { type: 'string' }, timeout: { type: 'string', default: '600' }, 'poll-ms': { type: 'string', default: '1000' } },
    allowPositionals: true,
    strict: true,
  });
  const [agentId] = positionals;
  if (!agentId || positionals.length > 1) throw new UsageError(TEST_USAGE);
  const timeout = Number(values.timeout);
  const pollMs = Number(values['poll-ms']);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');
  if (!Number.isInteger(pollMs) || pollMs < 1) throw new UsageError('--poll-ms must be a positive integer');
  return { agentId, server: values.server, junit: values.junit, timeoutMs: timeout * 1000, pollMs };
}

function line(watched: Watched): string[] {
  const { run, name } = watched;
  const label = { passed: 'PASS ', failed: 'FAIL ', error: 'ERROR' }[run.status as 'passed' | 'failed' | 'error'];
  const head = `${label} ${name} (${seconds(run).toFixed(1)}s)`;
  if (run.status === 'passed') return [head];
  return [head, `      ${run.status === 'error' ? (run.error ?? 'no reason given') : (run.rationale ?? 'no rationale given')}`];
}

/** The suite's coverage after these runs; informational, so a server that cannot answer it changes no exit code. */
async function readCoverage(parley: ReturnType<typeof createParleyClient>, agentId: string, io: CliIo): Promise<TestCoverage | undefined> {
  try {
    return await parley.testRuns.coverage(agentId);
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    io.err(`Coverage not reported: ${error.message}`);
    return undefined;
  }
}

/** `Coverage: 5 of 7 nodes (71%), 4 transitions; never reached: escalate, goodbye` */
export function coverageLine(coverage: TestCoverage): string {
  const reached = coverage.nodes.filter((node) => node.reached).length;
  const head = `Coverage: ${reached} of ${coverage.nodes.length} nodes (${Math.round(coverage.node_coverage * 100)}%), ${coverage.transitions.length} transition${coverage.transitions.length === 1 ? '' : 's'}`;
  return coverage.unreached_nodes.length === 0 ? head : `${head}; never reached: ${coverage.unreached_nodes.join(', ')}`;
}

function coverageProperties(coverage: TestCoverage): Record<string, string> {
  return {
    'parley.coverage.nodes': coverage.node_coverage.toFixed(4),
    'parley.coverage.nodes_reached': String(coverage.nodes.filter((node) => node.reached).length),
    'parley.coverage.nodes_total': String(coverage.nodes.length),
    'parley.coverage.transitions': String(coverage.transitions.length),
    'parley.coverage.unreached_nodes': coverage.unreached_nodes.join(','),
  };
}

export async function runTestCommand(args: string[], io: CliIo, deps: TestCommandDeps = {}): Promise<number> {
  const options = parse(args);
  const apiKey = io.env.PARLEY_API_KEY?.trim();
  if (!apiKey) {
    io.err('PARLEY_API_KEY is not set: export the API key of the workspace to test.');
    return 2;
  }
  const server = options.server ?? io.env.PARLEY_SERVER?.trim() ?? DEFAULT_SERVER;
  const parley = createParleyClient({ baseUrl: server, apiKey, validate: answerChecker(ANSWERS), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? (() => Date.now());

  let watched: Watched[];
  try {
    const { tests } = await parley.tests.forAgent(options.agentId);
    const names = new Map(tests.map((test) => [test.id, { name: test.name, type: test.type }]));
    const { runs } = await parley.testRuns.startForAgent(options.agentId, {});
    watched = runs.map((run) => ({ run, name: names.get(run.test_id)?.name ?? run.test_id, type: names.get(run.test_id)?.type ?? 'test', reported: false }));
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    io.err(failureLine(error, server));
    return 2;
  }
  if (watched.length === 0) {
    io.out(`No tests are attached to ${options.agentId}: nothing to gate on.`);
    return 1;
  }

  io.out(`Running ${watched.length} test${watched.length === 1 ? '' : 's'} of ${options.agentId} on ${server}`);
  const started = now();
  const deadline = started + options.timeoutMs;
  try {
    for (;;) {
      for (const item of watched.filter((w) => !terminal(w.run))) item.run = await parley.testRuns.get(item.run.id);
      for (const item of watched.filter((w) => terminal(w.run) && !w.reported)) {
        item.reported = true;
        for (const text of line(item)) io.out(text);
      }
      const done = watched.filter((w) => terminal(w.run)).length;
      if (done === watched.length || now() >= deadline) break;
      io.err(`… ${done}/${watched.length} finished`);
      await sleep(options.pollMs);
    }
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    io.err(failureLine(error, server));
    return 2;
  }

  const unfinished = watched.filter((w) => !terminal(w.run));
  for (const item of unfinished) io.out(`ERROR ${item.name}\n      timed out: still ${item.run.status} after ${options.timeoutMs / 1000}s`);
  const count = (status: string) => watched.filter((w) => w.run.status === status).length;
  const passed = count('passed');
  const summary = [`${passed} passed`, `${count('failed')} failed`, `${count('error')} errored`, ...(unfinished.length ? [`${unfinished.length} timed out`] : [])];
  io.out(`\n${watched.length} tests: ${summary.join(', ')} (${((now() - started) / 1000).toFixed(1)}s)`);
  const coverage = await readCoverage(parley, options.agentId, io);
  if (coverage) io.out(coverageLine(coverage));

  if (options.junit) {
    const cases: JUnitCase[] = watched.map(({ run, name, type }) => {
      const outcome = run.status === 'passed' ? 'passed' : run.status === 'failed' ? 'failed' : 'error';
      const message = !terminal(run) ? `timed out: still ${run.status}` : run.status === 'error' ? (run.error ?? '') : (run.rationale ?? '');
      return { name, classname: `${options.agentId}.${type}`, seconds: seconds(run), outcome, ...(outcome === 'passed' ? {} : { message }) };
    });
    await (deps.writeFile ?? ((path, text) => writeFile(path, text, 'utf8')))(options.junit, junitReport(options.agentId, cases, coverage ? coverageProperties(coverage) : {}));
    io.out(`JUnit report written to ${options.junit}`);
  }
  return passed === watched.length ? 0 : 1;
}
