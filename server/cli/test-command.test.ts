import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../test/helpers/api-reads.ts';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import { startFakeLlm, type FakeLlm } from '../../test/fake-llm/fake-llm.ts';
import { claimAgentBody } from '../../test/fixtures/claim-agent.ts';
import { agentTestClient } from '../../test/helpers/agent-test-client.ts';
import { routeAgentTestLlm } from '../../test/helpers/agent-test-llm.ts';
import { startServer, type InProcessServer } from '../../test/helpers/start-server.ts';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.ts';
import { testDatabases } from '../../test/helpers/test-databases.ts';
import { runCli } from './main.ts';
import { testCoverageSchema } from '../../shared/api/agent-test-runs-api.ts';
import { coverageLine, runTestCommand, type TestCommandDeps } from './test-command.ts';

const [sqlite] = testDatabases({});
const lookup = { name: 'Looks up the policy', type: 'tool', config: { context: '123456', expected_tool: 'get_policy' } };

describe('parley test, the CI gate', () => {
  let t: TestApp;
  let fake: FakeLlm;
  let server: InProcessServer;
  let green: string;
  let red: string;
  let empty: string;
  const dir = mkdtempSync(join(tmpdir(), 'parley-gate-'));

  beforeAll(async () => {
    if (!sqlite) throw new Error('no sqlite target');
    fake = await startFakeLlm();
    // The judge answers prose, not JSON: reply tests end `error`.
    routeAgentTestLlm(fake).judge = () => ({ content: 'Looks good to me!' });
    t = await createTestApp(sqlite, { llmUrl: fake.url });
    server = await startServer(t.app);
    const client = agentTestClient(t);
    const agent = async () => (await createAgent(t, claimAgentBody())).id;
    [green, red, empty] = [await agent(), await agent(), await agent()];
    await client.create(green, lookup);
    await client.create(green, { ...lookup, name: 'Reads the number', config: { ...lookup.config, parameter_checks: [{ path: 'id', mode: 'exact', expected: '123456' }] } });
    await client.create(red, lookup);
    await client.create(red, { name: 'Opens a ticket', type: 'tool', config: { context: '123456', expected_tool: 'create_ticket' } });
    await client.create(red, { name: 'Is polite', type: 'reply', config: { context: '123456', success_criteria: 'Polite.' } });
  });
  afterAll(async () => {
    await server.close();
    await t.close();
    await fake.close();
  });

  function harness(env: Record<string, string> = { PARLEY_API_KEY: t.key }, deps: TestCommandDeps = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text), env };
    // Polling waits for the server's queue to drain instead of sleeping.
    const run = (...args: string[]) => runTestCommand(args, io, { sleep: () => t.app.testing.queue.idle(), ...deps });
    return { out, err, run, text: () => out.join('\n') };
  }

  it('exits 0 when every test passes, with a PASS line each, a summary and a JUnit file', async () => {
    const h = harness();
    const junit = join(dir, 'green.xml');
    expect(await h.run(green, '--server', server.url, '--junit', junit)).toBe(0);
    expect(h.text()).toMatch(/Running 2 tests of agent_[0-9a-f]{8}/);
    expect(h.text()).toMatch(/PASS {2}Looks up the policy \(\d+\.\ds\)/);
    expect(h.text()).toMatch(/PASS {2}Reads the number/);
    expect(h.text()).toMatch(/2 tests: 2 passed, 0 failed, 0 errored/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="parley" tests="2" failures="0" errors="0"');
    expect(xml).toContain(`<testcase classname="${green}.tool" name="Looks up the policy"`);
    // The coverage the API reports for these runs, as a line and as the suite's properties.
    const coverage = testCoverageSchema.parse(await (await t.call('GET', `/v1/agents/${green}/tests/coverage`)).json());
    expect(coverage.unreached_nodes.length).toBeGreaterThan(0);
    expect(h.text()).toContain(coverageLine(coverage));
    expect(coverageLine(coverage)).toMatch(new RegExp(`^Coverage: \\d+ of ${coverage.nodes.length} nodes \\(\\d+%\\), \\d+ transitions?; never reached: ${coverage.unreached_nodes.join(', ')}$`));
    expect(xml).toContain(`<property name="parley.coverage.nodes_total" value="${coverage.nodes.length}"/>`);
    expect(xml).toContain(`<property name="parley.coverage.unreached_nodes" value="${coverage.unreached_nodes.join(',')}"/>`);
  });

  it('exits 1 when a test fails or errors, printing the rationale and reason, and reports them in JUnit', async () => {
    const h = harness({ PARLEY_API_KEY: t.key, PARLEY_SERVER: server.url });
    const junit = join(dir, 'red.xml');
    expect(await h.run(red, '--junit', junit)).toBe(1);
    expect(h.text()).toMatch(/FAIL {2}Opens a ticket \(\d+\.\ds\)\n {6}Expected a call of "create_ticket", but the agent called "get_policy"\./);
    expect(h.text()).toMatch(/ERROR Is polite \(\d+\.\ds\)\n {6}The judge did not answer valid JSON/);
    expect(h.text()).toMatch(/3 tests: 1 passed, 1 failed, 1 errored/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="3" failures="1" errors="1"');
    expect(xml).toMatch(/<failure message="Expected a call of &quot;create_ticket&quot;/);
    expect(xml).toMatch(/<error message="The judge did not answer valid JSON/);
  });

  it('exits 1 when the agent has no tests at all', async () => {
    const h = harness();
    expect(await h.run(empty, '--server', server.url)).toBe(1);
    expect(h.text()).toContain('No tests are attached');
  });

  it('exits 1 when runs are still unfinished at the timeout', async () => {
    await t.app.testing.queue.stop();
    const clock = manualClock(0);
    const h = harness(undefined, { now: clock.now, sleep: async (ms) => clock.advance(ms) });
    try {
      expect(await h.run(green, '--server', server.url, '--timeout', '3')).toBe(1);
    } finally {
      await t.app.testing.queue.start();
      await t.app.testing.queue.idle();
    }
    expect(h.text()).toMatch(/ERROR Looks up the policy\n {6}timed out: still queued after 3s/);
    expect(h.text()).toMatch(/2 tests: 0 passed, 0 failed, 0 errored, 2 timed out/);
  });

  it('exits 2 on a missing or rejected key, an unknown agent or an unreachable server', async () => {
    const noKey = harness({});
    expect(await noKey.run(green, '--server', server.url)).toBe(2);
    expect(noKey.err.join('')).toContain('PARLEY_API_KEY');
    const badKey = harness({ PARLEY_API_KEY: 'pk_live_00000000000000000000000000000000' });
    expect(await badKey.run(green, '--server', server.url)).toBe(2);
    expect(badKey.err.join('')).toContain('401');
    const unknown = harness();
    expect(await unknown.run('agent_00000000', '--server', server.url)).toBe(2);
    expect(unknown.err.join('')).toContain('404 Agent not found');
    const down = harness();
    expect(await down.run(green, '--server', 'http://127.0.0.1:9')).toBe(2);
    expect(down.err.join('')).toContain('Cannot reach http://127.0.0.1:9');
  });

  it('exits 2 on a usage mistake, through the parley command', async () => {
    const io = { out: () => undefined, err: () => undefined, env: { PARLEY_API_KEY: t.key } };
    expect(await runCli(['test'], io)).toBe(2);
    expect(await runCli(['test', green, '--timeout', 'soon'], io)).toBe(2);
    expect(await runCli(['test', green, '--frobnicate'], io)).toBe(2);
  });
});
