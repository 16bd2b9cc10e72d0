import { tenantRegexProblem } from '../../../shared/tenant-regex.ts';
import { WorkflowValidationError } from '../workflow-errors.ts';

/**
 * Refuse a pattern the linear-time regex engine cannot run, naming the node and field.
 * @throws {WorkflowValidationError}
 */
export function checkRegex(pattern: string, nodeId: string, field: string): void {
  const problem = tenantRegexProblem(pattern);
  if (problem !== undefined) throw new WorkflowValidationError(`${field} is not a valid regular expression (${problem})`, nodeId);
}
