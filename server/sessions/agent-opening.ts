/**
 * Run an agent's workflow from its start node to its first resting point: a new session's
 * opening, a workflow's hand-off to another agent, and a transfer through the calls API.
 */
import { startWorkflow } from '../runtime/run-turn.ts';
import type { TurnOutcome } from '../runtime/types.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { TurnRunnerDeps } from './turn-runner.ts';
import type { AgentOverrides } from './workflow-loader.ts';

export interface OpeningInput {
  agent: AgentRecord;
  version: number;
  /** The session it runs in: its channel picks the tool caller, its overrides the prompts. */
  session: Pick<SessionRecord, 'channel' | 'overrides'>;
  variables: Record<string, unknown>;
  signal: AbortSignal;
  onDelta?: ((text: string) => void) | undefined;
}

export async function openAgent(deps: Pick<TurnRunnerDeps, 'loader' | 'llm' | 'toolCallerFor'>, input: OpeningInput): Promise<TurnOutcome> {
  const machine = await deps.loader.machineFor(input.agent, input.version, input.session.overrides as AgentOverrides);
  return startWorkflow({
    machine,
    input: { variables: input.variables },
    services: {
      llm: deps.llm,
      ...(input.onDelta ? { onDelta: input.onDelta } : {}),
      callTool: deps.toolCallerFor(input.session, input.agent),
      now: () => performance.now(),
    },
    signal: input.signal,
  });
}
