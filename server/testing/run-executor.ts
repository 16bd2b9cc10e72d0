/**
 * Executes one queued run: finds the agent and its version, renders the test's
 * `{{variables}}` into its config, runs the attempts of its type and folds them into an
 * outcome. Anything that prevents judging becomes an `error` outcome with the reason.
 */
import { ZodError } from 'zod';
import { parseTypedConfig, type TestType, type TypedTestConfig } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import { renderDeep } from '../../shared/template.ts';
import type { Clock } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { describeZodError } from '../../shared/describe-zod-error.ts';
import type { LlmClient } from '../llm/types.ts';
import type { TestRunRecord } from '../storage/agent-test-records.ts';
import type { RunOutcome } from '../storage/agent-test-runs-repo.ts';
import type { AgentRecord, AgentsRepo } from '../storage/agents-repo.ts';
import { unjudgedAttempt, type AttemptContext } from './attempt-context.ts';
import { openConversation, type ConversationDeps } from './conversation.ts';
import { defaultTestVersion } from './default-test-version.ts';
import { runReplyAttempt } from './reply-attempt.ts';
import { runSimulationAttempt } from './simulation-attempt.ts';
import { summariseAttempts } from './summarise-attempts.ts';
import { TestRunError } from './test-run-error.ts';
import { runToolAttempt } from './tool-attempt.ts';
import { observeConversation, withWorkflowOutcome, type ObservedConversation } from './workflow-outcome.ts';

export interface RunExecutorDeps {
  agents: AgentsRepo;
  conversations: ConversationDeps;
  llm: LlmClient;
  /** PARLEY_JUDGE_MODEL; the agent's model when unset. */
  judgeModel?: string | undefined;
  clock: Clock;
}

export type RunExecutor = (run: TestRunRecord, signal: AbortSignal) => Promise<RunOutcome>;

/** The outcome of a run that could not even start an attempt. */
export function unjudgedOutcome(type: TestType, reason: string, durationMs: number, agentVersion: number | null = null): RunOutcome {
  const summary = summariseAttempts([unjudgedAttempt(type, reason)], 1);
  return { ...summary, agentVersion, durationMs };
}

function runAttempt(ctx: AttemptContext, test: TypedTestConfig): Promise<AttemptResult> {
  switch (test.type) {
    case 'reply':
      return runReplyAttempt(ctx, test.config);
    case 'tool':
      return runToolAttempt(ctx, test.config);
    case 'simulation':
      return runSimulationAttempt(ctx, test.config);
  }
}

/** Why a test's starting state cannot run on `version`, or undefined when it can. */
async function missingStartNode(agents: Pick<AgentsRepo, 'version'>, agent: AgentRecord, version: number, node: string): Promise<string | undefined> {
  const stored = await agents.version(agent.id, version);
  if (!stored) return `Agent ${agent.publicId} has no version ${version}.`;
  if (!Object.hasOwn(stored.workflow.nodes, node)) return `The test starts at node "${node}", which version ${version} of the workflow no longer has.`;
  return undefined;
}

export function createRunExecutor(deps: RunExecutorDeps): RunExecutor {
  return async (run, signal) => {
    const started = deps.clock.now();
    const elapsed = () => deps.clock.now() - started;
    const definition = run.definition;
    const agent = await deps.agents.findById(run.agentId);
    if (!agent) return unjudgedOutcome(definition.type, 'The agent was deleted before the run started.', elapsed());
    const version = definition.version ?? defaultTestVersion(agent);
    if (version === undefined) return unjudgedOutcome(definition.type, `Agent ${agent.publicId} has no workflow to test yet.`, elapsed());

    let test: TypedTestConfig;
    try {
      test = parseTypedConfig(definition.type, renderDeep(definition.config, definition.variables));
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      return unjudgedOutcome(definition.type, `After rendering {{variables}} the config is invalid: ${describeZodError(error, 'config')}`, elapsed(), version);
    }

    const start = definition.start_state;
    if (start) {
      const missing = await missingStartNode(deps.agents, agent, version, start.node);
      if (missing) return unjudgedOutcome(definition.type, missing, elapsed(), version);
    }

    let observed: ObservedConversation | undefined;
    const ctx: AttemptContext = {
      llm: deps.llm,
      judgeModel: deps.judgeModel ?? agent.config.llm.model,
      signal,
      open: async (overrides) => {
        const conversation = await openConversation(deps.conversations, {
          workspaceId: run.workspaceId,
          agent,
          version,
          overrides,
          toolMockConfig: definition.tool_mock_config,
          variables: definition.variables,
          start,
          signal,
        }).catch((error: unknown) => {
          // The session could not start (a version deleted meanwhile, say): not a verdict.
          throw error instanceof DomainError ? new TestRunError(`The session could not start: ${error.message}`, { cause: error }) : error;
        });
        observed = observeConversation(conversation);
        return observed.conversation;
      },
    };
    const attempts: AttemptResult[] = [];
    for (let i = 0; i < definition.repeat; i += 1) {
      observed = undefined;
      const attempt = withWorkflowOutcome(await runAttempt(ctx, test), test, observed);
      // A stopping server aborts the turn; what the attempt made of that is not a verdict.
      signal.throwIfAborted();
      attempts.push(attempt);
      if (attempt.error !== null) break;
    }
    return { ...summariseAttempts(attempts, definition.repeat, definition.pass_threshold), agentVersion: version, durationMs: elapsed() };
  };
}
