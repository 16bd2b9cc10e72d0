/**
 * Replay one recorded conversation against a workflow version (#18 item 3): run the
 * version's machine from its start with the recorded opening's variables, then feed it the
 * recorded user messages one by one, in memory — no session is created, nothing is stored.
 * Tools answer what they answered then (recorded-tools.ts); an LLM request identical to
 * the recorded one gets the recorded answer (recorded-llm.ts). The first turn whose path
 * or variables differ ends the replay there (`diverged`): what follows was said to a
 * conversation that no longer happens. A reply that only reads differently is noted
 * (`text_only`, the first such turn) and the replay goes on.
 */
import type { ReplayConversation, ReplayVerdict } from '../../../shared/api/replays-api.ts';
import { callIdOf } from '../../../shared/ids.ts';
import type { LlmClient } from '../../llm/types.ts';
import type { WorkflowMachine } from '../../runtime/compile-workflow.ts';
import { continueWorkflow, startWorkflow } from '../../runtime/run-turn.ts';
import type { TurnOutcome, WorkflowServices } from '../../runtime/types.ts';
import type { SessionsRepo } from '../../storage/sessions-repo.ts';
import { messageOf } from '../test-run-error.ts';
import { compareTurn, type Divergence } from './compare-turns.ts';
import { recordedLlm, type LlmTally } from './recorded-llm.ts';
import { recordedTools } from './recorded-tools.ts';
import { readRecordedTurns, type RecordedTurn } from './recorded-turns.ts';

export type ReplayConversationPorts = Pick<SessionsRepo, 'get' | 'transcript' | 'messageStates'>;

export interface ReplayConversationInput {
  sessionId: number;
  agentId: number;
  machine: WorkflowMachine;
  llm: LlmClient;
  signal: AbortSignal;
}

export type ConversationResult = Omit<ReplayConversation, 'call_id' | 'status'> & { status: ReplayVerdict };

function result(status: ReplayVerdict, turns: number, tally: LlmTally, divergence: Divergence | null, error: string | null): ConversationResult {
  return { status, turns_replayed: turns, first_divergence: divergence, error, llm: { ...tally } };
}

async function runTurn(machine: WorkflowMachine, turn: RecordedTurn, previous: TurnOutcome | undefined, services: WorkflowServices, signal: AbortSignal): Promise<TurnOutcome> {
  if (!previous) return startWorkflow({ machine, input: { variables: turn.variables }, services, signal });
  return continueWorkflow({ machine, snapshot: previous.snapshot, text: turn.userMessage ?? '', services, signal });
}

export async function replayConversation(store: ReplayConversationPorts, input: ReplayConversationInput): Promise<ConversationResult> {
  const tally: LlmTally = { reused: 0, requested: 0 };
  const session = await store.get(input.sessionId);
  if (!session) return result('error', 0, tally, null, `Call ${callIdOf(input.sessionId)} no longer exists.`);
  const transcript = await store.transcript(session.id, session.currentBranch);
  const states = await store.messageStates(session.id, transcript.filter((m) => m.role === 'assistant').map((m) => m.id));
  const recorded = readRecordedTurns(transcript, states, input.agentId, session.agentId);
  if ('unreplayable' in recorded) return result('error', 0, tally, null, recorded.unreplayable);

  const tools = recordedTools(recorded.turns.flatMap((turn) => turn.toolResults));
  let previous: TurnOutcome | undefined;
  let textDivergence: Divergence | null = null;
  let replayed = 0;
  for (const [index, turn] of recorded.turns.entries()) {
    if (previous && previous.state !== 'waiting') break;
    const services: WorkflowServices = { llm: recordedLlm(input.llm, turn.llmCalls, tally), callTool: (name) => tools.call(name), now: () => performance.now() };
    let outcome: TurnOutcome;
    try {
      outcome = await runTurn(input.machine, turn, previous, services, input.signal);
    } catch (error) {
      input.signal.throwIfAborted();
      return result('error', replayed, tally, null, `Turn ${index} could not be replayed: ${messageOf(error)}`);
    }
    replayed += 1;
    const comparison = compareTurn(index, turn.userMessage, previous?.node ?? null, turn, {
      path: outcome.path,
      node: outcome.node,
      variables: outcome.variables,
      reply: outcome.reply.content,
    });
    if (comparison.diverged) return result('diverged', replayed, tally, comparison.divergence, null);
    if (comparison.textDiffers) textDivergence ??= comparison.divergence;
    previous = outcome;
  }
  return result(textDivergence ? 'text_only' : 'identical', replayed, tally, textDivergence, null);
}
