/**
 * A `tool` test: send the context's message and check the tool calls of the agent's
 * answering turn (calls made while replaying the history do not count).
 */
import type { ToolConfig } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import { overridesOf, splitContext, unjudgedAttempt, type AttemptContext } from './attempt-context.ts';
import { replayHistory, type Conversation, type RecordedToolCall } from './conversation.ts';
import { askJudge } from './judge.ts';
import { parameterJudgeMessages } from './judge-prompts.ts';
import { TestRunError } from './test-run-error.ts';
import { evaluateToolCalls } from './tool-call-evaluation.ts';

export async function runToolAttempt(ctx: AttemptContext, config: ToolConfig): Promise<AttemptResult> {
  const { history, message } = splitContext(config.context);
  let conversation: Conversation | undefined;
  let calls: RecordedToolCall[] | undefined;
  try {
    conversation = await ctx.open(overridesOf(config));
    await replayHistory(conversation, history);
    calls = (await conversation.say(message)).toolCalls;
    const closing = conversation.close();
    const tool = config.expected_tool ?? '';
    const result = await evaluateToolCalls(config, calls, (input) =>
      askJudge(ctx.llm, { messages: parameterJudgeMessages({ tool, ...input }), model: ctx.judgeModel }, ctx.signal),
    );
    await closing;
    return result;
  } catch (error) {
    if (error instanceof TestRunError) return unjudgedAttempt('tool', error.message, calls === undefined ? {} : { toolCalls: calls });
    throw error;
  } finally {
    await conversation?.close();
  }
}
