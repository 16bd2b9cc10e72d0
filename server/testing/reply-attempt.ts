/**
 * A `reply` test: send the context's message (after replaying its history) and let the
 * judge read the agent's one reply against the criteria and the examples.
 */
import type { ReplyConfig } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import { overridesOf, splitContext, unjudgedAttempt, type AttemptContext } from './attempt-context.ts';
import { replayHistory, type Conversation } from './conversation.ts';
import { askJudge } from './judge.ts';
import { replyJudgeMessages } from './judge-prompts.ts';
import { TestRunError } from './test-run-error.ts';

export async function runReplyAttempt(ctx: AttemptContext, config: ReplyConfig): Promise<AttemptResult> {
  const { history, message } = splitContext(config.context);
  let conversation: Conversation | undefined;
  let agentResponse: string | undefined;
  try {
    conversation = await ctx.open(overridesOf(config));
    await replayHistory(conversation, history);
    const before = [...conversation.transcript, { role: 'user' as const, content: message }];
    agentResponse = (await conversation.say(message)).reply;
    if (config.success_criteria === undefined) {
      // Only the workflow assertions decide (checked by the executor): no judge is asked.
      const rationale = 'Not judged: the test has no success_criteria.';
      return { passed: true, rationale, error: null, reply: { agent_response: agentResponse, passed: true, rationale, confidence: 1 }, tool_call: null, simulation: null };
    }
    // The session is no longer needed: end it while the judge thinks.
    const closing = conversation.close();
    const messages = replyJudgeMessages({
      criteria: config.success_criteria,
      successExamples: config.success_examples,
      failureExamples: config.failure_examples,
      conversation: before,
      reply: agentResponse,
    });
    const verdict = await askJudge(ctx.llm, { messages, model: ctx.judgeModel }, ctx.signal);
    await closing;
    return { passed: verdict.passed, rationale: verdict.rationale, error: null, reply: { agent_response: agentResponse, ...verdict }, tool_call: null, simulation: null };
  } catch (error) {
    if (error instanceof TestRunError) return unjudgedAttempt('reply', error.message, agentResponse === undefined ? {} : { agentResponse });
    throw error;
  } finally {
    await conversation?.close();
  }
}
