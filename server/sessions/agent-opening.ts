/**
 * Run an agent's workflow from its start node to its first resting point: a new session's
 * opening, a workflow's hand-off to another agent, and a transfer through the calls API.
 */
import type { LlmClient } from '../llm/types.ts';
import { startWorkflow } from '../runtime/run-turn.ts';
import type { KnowledgeSearch, TurnOutcome } from '../runtime/types.ts';
import type { HistoryMessage } from '../runtime/workflow-context.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { ToolCallerFor, TurnToolCallers } from '../tools/tool-caller-for.ts';
import type { HandOffChain } from './session-aggregate.ts';
import type { AgentDirectory } from './session-ports.ts';
import type { AgentOverrides, WorkflowLoader } from './workflow-loader.ts';

/** What running a workflow needs: its machine, the LLM, and the tool caller of the session's channel. */
export interface WorkflowDeps {
  loader: Pick<WorkflowLoader, 'machineFor'>;
  llm: LlmClient;
  toolCallerFor: ToolCallerFor;
  /** The knowledge search `llm` nodes ground their answers with. */
  searchKnowledge?: KnowledgeSearch | undefined;
}

/** The search a turn's services carry, when there is one. */
export function knowledgeService(deps: WorkflowDeps): { searchKnowledge?: KnowledgeSearch } {
  return deps.searchKnowledge ? { searchKnowledge: deps.searchKnowledge } : {};
}

export interface OpeningInput {
  agent: AgentRecord;
  version: number;
  /** The session it runs in: its channel picks the tool caller, its overrides the prompts. */
  session: Pick<SessionRecord, 'channel' | 'overrides'>;
  variables: Record<string, unknown>;
  signal: AbortSignal;
  onDelta?: ((text: string) => void) | undefined;
  /** The turn's tool callers, when the opening is part of a turn (a hand-off): one budget for all. */
  tools?: TurnToolCallers | undefined;
}

export async function openAgent(deps: WorkflowDeps, input: OpeningInput): Promise<TurnOutcome> {
  const machine = await deps.loader.machineFor(input.agent, input.version, input.session.overrides as AgentOverrides);
  return startWorkflow({
    machine,
    input: { variables: input.variables },
    services: {
      llm: deps.llm,
      ...(input.onDelta ? { onDelta: input.onDelta } : {}),
      callTool: (input.tools ?? deps.toolCallerFor.forTurn())(input.session, input.agent),
      now: () => performance.now(),
      ...knowledgeService(deps),
    },
    signal: input.signal,
  });
}

/**
 * Run the session's agent again from `node`, with the conversation's variables and what the
 * LLM has heard: an operator handing a conversation back to the workflow.
 */
export async function resumeAgentAt(deps: WorkflowDeps, input: OpeningInput & { node: string; history: HistoryMessage[] }): Promise<TurnOutcome> {
  const machine = await deps.loader.machineFor(input.agent, input.version, input.session.overrides as AgentOverrides, input.node);
  return startWorkflow({
    machine,
    input: { variables: input.variables, history: input.history },
    services: { llm: deps.llm, callTool: (input.tools ?? deps.toolCallerFor.forTurn())(input.session, input.agent), now: () => performance.now(), ...knowledgeService(deps) },
    signal: input.signal,
  });
}

/** How many agent-to-agent hand-offs one turn may chain (A → B → C …) before it stops. */
const MAX_HAND_OFFS = 3;

/** A hand-off chain and the agent record it ended with (for its public id). */
export interface HandOff extends HandOffChain {
  target: AgentRecord;
}

/**
 * Follow a workflow's transfer to another agent of the workspace: that agent opens, and its
 * opening joins the turn. Chains are followed up to MAX_HAND_OFFS; a transfer to `human`, to
 * an agent that does not exist or has nothing published, or past the budget ends the chain
 * where it is (the aggregate records that outcome as `transferred`). `undefined`: no hand-off.
 * Used by both a session's start (a start node that transfers) and a turn.
 */
export async function followHandOff(
  deps: WorkflowDeps & { agents: Pick<AgentDirectory, 'find'> },
  from: { workspaceId: number; session: OpeningInput['session']; outcome: TurnOutcome; tools: TurnToolCallers },
  signal: AbortSignal,
  onDelta?: (text: string) => void,
): Promise<HandOff | undefined> {
  let handOff: HandOff | undefined;
  let outcome = from.outcome;
  for (let hop = 0; hop < MAX_HAND_OFFS && outcome.state === 'transferred'; hop++) {
    const destination = outcome.transfer?.destination ?? 'human';
    if (destination === 'human') break;
    const target = await deps.agents.find(from.workspaceId, destination);
    if (!target?.publishedVersion) break;
    const opening = await openAgent(deps, { agent: target, version: target.publishedVersion, session: from.session, variables: outcome.variables, signal, onDelta, tools: from.tools });
    handOff = { target, agent: { id: target.id, version: target.publishedVersion }, openings: [...(handOff?.openings ?? []), opening] };
    outcome = opening;
  }
  return handOff;
}
