/**
 * What the runner learns of the workflow in each attempt (#18): where it rested when the
 * test was done with the conversation, and whether any LLM took part. The attempt types
 * judge words; this adds the workflow assertions and says when the result is deterministic.
 */
import { hasWorkflowAssertions, type TypedTestConfig } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import type { Conversation, WorkflowPosition } from './conversation.ts';
import { checkWorkflow, describeWorkflowChecks } from './workflow-checks.ts';

export interface ObservedConversation {
  conversation: Conversation;
  /** Where the workflow rested when the attempt closed the conversation; undefined before. */
  position(): WorkflowPosition | undefined;
}

/** Read the position just before the session is ended: ending it would say `ended` for every test. */
export function observeConversation(conversation: Conversation): ObservedConversation {
  let position: WorkflowPosition | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      position = await conversation.position();
      await conversation.close();
    })();
    return closing;
  };
  return { conversation: { ...conversation, close }, position: () => position };
}

/** Whether the test itself asks an LLM: a judge, a simulated user, an `llm` parameter check. */
function testNeedsLlm(test: TypedTestConfig): boolean {
  switch (test.type) {
    case 'reply':
      return test.config.success_criteria !== undefined;
    case 'tool':
      return test.config.parameter_checks.some((check) => check.mode === 'llm');
    case 'simulation':
      return true;
  }
}

/** Fold the workflow assertions into an attempt, and say whether it was deterministic. */
export function withWorkflowOutcome(attempt: AttemptResult, test: TypedTestConfig, observed: ObservedConversation | undefined): AttemptResult {
  const position = observed?.position();
  const base = { ...attempt, node: position?.node ?? null, ...(observed ? { path: observed.conversation.path() } : {}) };
  if (attempt.error !== null || !position || !observed) return base;
  const deterministic = !testNeedsLlm(test) && !observed.conversation.usedLlm();
  if (!hasWorkflowAssertions(test.config)) return { ...base, deterministic };
  const checks = checkWorkflow(test.config, position);
  const sentence = describeWorkflowChecks(checks);
  const judged = test.type !== 'reply' || test.config.success_criteria !== undefined;
  const passed = attempt.passed && checks.every((check) => check.passed);
  return { ...base, passed, rationale: judged ? `${attempt.rationale} ${sentence}` : sentence, workflow_checks: checks, deterministic };
}
