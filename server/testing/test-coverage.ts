/**
 * Test coverage (#18): which nodes of an agent's workflow, and which moves between them,
 * the last finished run of each of its tests went through — read from the node paths the
 * runs recorded, so it costs no run of its own. Runs recorded before paths existed count
 * for nothing.
 */
import type { TestCoverage } from '../../shared/api/agent-test-runs-api.ts';
import type { RunResult } from '../../shared/api/agent-test-runs-api.ts';
import { notFound } from '../errors.ts';
import type { AgentTestRunsRepo } from '../storage/agent-test-runs-repo.ts';
import type { AgentTestsRepo } from '../storage/agent-tests-repo.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import { defaultTestVersion } from './default-test-version.ts';

export interface CoveragePorts {
  agents: Pick<AgentsRepo, 'find' | 'version'>;
  agentTests: Pick<AgentTestsRepo, 'forAgent'>;
  agentTestRuns: Pick<AgentTestRunsRepo, 'latestFinished'>;
}

/** Every path a run's attempts took (one per attempt; the shown one when there was one attempt). */
function pathsOf(result: RunResult | null): string[][] {
  if (!result) return [];
  const attempts = result.attempts ?? [result];
  return attempts.flatMap((attempt) => (attempt.path ? [attempt.path] : []));
}

export async function testCoverage(ports: CoveragePorts, workspaceId: number, agentRef: string, version: number | undefined): Promise<TestCoverage> {
  const agent = await ports.agents.find(workspaceId, agentRef);
  if (!agent) throw notFound('Agent not found');
  const chosen = version ?? defaultTestVersion(agent);
  const stored = chosen === undefined ? undefined : await ports.agents.version(agent.id, chosen);
  if (chosen === undefined || !stored) throw notFound(chosen === undefined ? `Agent ${agent.publicId} has no workflow yet` : `Agent ${agent.publicId} has no version ${chosen}`);
  const tests = await ports.agentTests.forAgent(agent.id);
  const runs = await ports.agentTestRuns.latestFinished(agent.id, tests.map((test) => test.id));

  const nodeRuns = new Map<string, number>();
  const moves = new Map<string, { from: string; to: string; runs: number }>();
  for (const run of runs) {
    const nodes = new Set<string>();
    const runMoves = new Map<string, { from: string; to: string }>();
    for (const path of pathsOf(run.result)) {
      path.forEach((node, i) => {
        nodes.add(node);
        const previous = path[i - 1];
        if (previous !== undefined && previous !== node) runMoves.set(`${previous}\u0000${node}`, { from: previous, to: node });
      });
    }
    for (const node of nodes) nodeRuns.set(node, (nodeRuns.get(node) ?? 0) + 1);
    for (const [key, move] of runMoves) moves.set(key, { ...move, runs: (moves.get(key)?.runs ?? 0) + 1 });
  }
  const nodes = Object.entries(stored.workflow.nodes).map(([id, node]) => ({ id, type: node.type, reached: nodeRuns.has(id), runs: nodeRuns.get(id) ?? 0 }));
  const unreached = nodes.filter((node) => !node.reached).map((node) => node.id);
  return {
    agent_id: agent.publicId,
    version: chosen,
    tests: tests.length,
    runs_counted: runs.length,
    nodes,
    transitions: [...moves.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    unreached_nodes: unreached,
    node_coverage: nodes.length === 0 ? 0 : (nodes.length - unreached.length) / nodes.length,
  };
}
