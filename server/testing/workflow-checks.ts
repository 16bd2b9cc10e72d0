/**
 * `expect_node`, `expect_variables` and `expect_state` (#18): where the workflow rests
 * after a test's turns, compared with what the test expects. No judge is involved.
 */
import type { ExpectState } from '../../shared/api/agent-test-config.ts';
import type { WorkflowCheck } from '../../shared/api/agent-test-runs-api.ts';
import { getPath } from '../../shared/template.ts';
import type { WorkflowPosition } from './conversation.ts';
import { sameValue, stringForm } from './parameter-checks.ts';

export interface WorkflowAssertions {
  expect_node?: string | undefined;
  expect_variables?: Record<string, unknown> | undefined;
  expect_state?: ExpectState | undefined;
}

/** One check per assertion the config makes, in a stable order: node, state, then variables. */
export function checkWorkflow(assertions: WorkflowAssertions, at: WorkflowPosition): WorkflowCheck[] {
  const checks: WorkflowCheck[] = [];
  if (assertions.expect_node !== undefined) {
    checks.push({ assertion: 'node', expected: assertions.expect_node, actual: at.node, passed: at.node === assertions.expect_node });
  }
  if (assertions.expect_state !== undefined) {
    const expected = typeof assertions.expect_state === 'string' ? { state: assertions.expect_state } : assertions.expect_state;
    const actual = at.state === 'transferred' ? { state: at.state, destination: at.destination } : { state: at.state };
    const destinationOk = !('destination' in expected) || expected.destination === undefined || expected.destination === at.destination;
    checks.push({ assertion: 'state', expected, actual, passed: expected.state === at.state && destinationOk });
  }
  for (const [path, expected] of Object.entries(assertions.expect_variables ?? {})) {
    const actual = getPath(at.variables, path);
    checks.push({ assertion: 'variable', path, expected, actual: actual ?? null, passed: actual !== undefined && sameValue(actual, expected) });
  }
  return checks;
}

/** A sentence naming the checks that failed, or saying they all passed. */
export function describeWorkflowChecks(checks: readonly WorkflowCheck[]): string {
  const failed = checks.filter((check) => !check.passed);
  if (failed.length === 0) return `All ${checks.length} workflow assertions passed.`;
  const what = (check: WorkflowCheck): string => (check.assertion === 'variable' ? `variable ${check.path ?? ''}` : check.assertion);
  return `Workflow assertions failed: ${failed.map((check) => `${what(check)} is ${check.actual === null ? 'not set' : stringForm(check.actual)}, expected ${stringForm(check.expected)}`).join('; ')}.`;
}
