/**
 * A `simulation` test: another LLM plays the scenario's user against the agent for up
 * to `max_turns` messages (after replaying `initial_chat_history`), until either side
 * ends the conversation. Then the judge reads the whole transcript against the criteria
 * and the workflow variables are compared with `data_assertions`.
 */
import type { SimulationConfig } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import { getPath } from '../../shared/template.ts';
import { overridesOf, unjudgedAttempt, type AttemptContext } from './attempt-context.ts';
import { replayHistory, type Conversation } from './conversation.ts';
import { askJudge, type Verdict } from './judge.ts';
import { simulationJudgeMessages } from './judge-prompts.ts';
import { sameValue, stringForm } from './parameter-checks.ts';
import { nextUserMessage } from './simulated-user.ts';
import { TestRunError } from './test-run-error.ts';

export function checkDataAssertions(assertions: Record<string, unknown>, variables: Record<string, unknown>) {
  return Object.entries(assertions).map(([path, expected]) => {
    const actual = getPath(variables, path);
    return { path, expected, actual: actual ?? null, passed: actual !== undefined && sameValue(actual, expected) };
  });
}

function rationaleOf(verdict: Verdict | null, assertions: ReturnType<typeof checkDataAssertions>): string {
  const failed = assertions.filter((assertion) => !assertion.passed);
  const parts = verdict ? [verdict.rationale] : [];
  if (failed.length > 0) {
    parts.push(`Data assertions failed: ${failed.map((a) => `${a.path} is ${a.actual === null ? 'not set' : stringForm(a.actual)}, expected ${stringForm(a.expected)}`).join('; ')}.`);
  } else if (assertions.length > 0) {
    parts.push(`All ${assertions.length} data assertions passed.`);
  }
  return parts.join(' ');
}

export async function runSimulationAttempt(ctx: AttemptContext, config: SimulationConfig): Promise<AttemptResult> {
  let conversation: Conversation | undefined;
  let turnsUsed = 0;
  try {
    conversation = await ctx.open(overridesOf(config));
    await replayHistory(conversation, config.initial_chat_history);
    while (turnsUsed < config.max_turns && !conversation.ended()) {
      const next = await nextUserMessage(ctx.llm, { scenario: config.scenario, transcript: conversation.transcript, model: ctx.judgeModel }, ctx.signal);
      if (next === null) break;
      await conversation.say(next);
      turnsUsed += 1;
    }
    const assertions = checkDataAssertions(config.data_assertions, await conversation.variables());
    const closing = conversation.close();
    const verdict = config.success_criteria
      ? await askJudge(ctx.llm, { messages: simulationJudgeMessages({ criteria: config.success_criteria, scenario: config.scenario, transcript: conversation.transcript }), model: ctx.judgeModel }, ctx.signal)
      : null;
    await closing;
    const passed = (verdict?.passed ?? true) && assertions.every((assertion) => assertion.passed);
    const rationale = rationaleOf(verdict, assertions);
    return {
      passed,
      rationale,
      error: null,
      reply: null,
      tool_call: null,
      simulation: {
        transcript: [...conversation.transcript],
        tool_calls: [...conversation.toolCalls],
        turns_used: turnsUsed,
        verdict: passed ? 'passed' : 'failed',
        data_assertions: assertions,
      },
    };
  } catch (error) {
    if (!(error instanceof TestRunError)) throw error;
    const partial = conversation ? { transcript: [...conversation.transcript], toolCalls: [...conversation.toolCalls], turnsUsed } : {};
    return unjudgedAttempt('simulation', error.message, partial);
  } finally {
    await conversation?.close();
  }
}
