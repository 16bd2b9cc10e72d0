/**
 * Typed errors of the workflow engine. Each carries a `code` so the HTTP layer can map
 * it once (`invalid_workflow` → 400); runtime failures are the server's fault (500).
 */

/**
 * A workflow definition that cannot be compiled: a dangling target, an unreachable node,
 * an unknown tool, a bad regex… The message names the node at fault.
 * @example new WorkflowValidationError('unknown tool "get_policy"', 'lookup').message
 * // 'Node "lookup": unknown tool "get_policy"'
 */
export class WorkflowValidationError extends Error {
  readonly code = 'invalid_workflow';
  readonly node: string | undefined;

  constructor(problem: string, node?: string) {
    super(node === undefined ? problem : `Node "${node}": ${problem}`);
    this.name = 'WorkflowValidationError';
    this.node = node;
  }
}

/** Why a turn could not run to a resting state. */
export type WorkflowRuntimeErrorCode =
  /** Too many non-waiting nodes in one turn: the graph loops without asking the user. */
  | 'workflow_loop'
  /** The stored snapshot does not belong to this machine or is not at rest. */
  | 'invalid_snapshot'
  /** Anything else the machine raised while running. */
  | 'workflow_failed';

/**
 * A turn that failed inside the engine. The caller keeps the previous snapshot, so a
 * failed turn changes nothing.
 */
export class WorkflowRuntimeError extends Error {
  readonly code: WorkflowRuntimeErrorCode;
  readonly node: string | undefined;

  constructor(code: WorkflowRuntimeErrorCode, message: string, options: { node?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WorkflowRuntimeError';
    this.code = code;
    this.node = options.node;
  }
}
