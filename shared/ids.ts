/**
 * Public identifier forms (DESIGN §2). Pure string helpers shared by server and widget.
 */

/** `agent_` + 8 lowercase hex. */
export const AGENT_ID_PATTERN = /^agent_[0-9a-f]{8}$/;
/** `call_` + 8-digit zero-padded integer of the session's `workflow_run_id`. */
export const CALL_ID_PATTERN = /^call_(\d{8,})$/;

/**
 * Turn `42` into `call_00000042`.
 * @example callIdOf(42) // 'call_00000042'
 */
export function callIdOf(runId: number): string {
  return `call_${String(runId).padStart(8, '0')}`;
}

/** The run id inside a `call_…` id, or `undefined` when it is not one (or cannot exist). */
export function runIdOfCallId(callId: string): number | undefined {
  const match = CALL_ID_PATTERN.exec(callId);
  const runId = match ? Number(match[1]) : undefined;
  return runId !== undefined && runId >= 1 && runId <= MAX_ID ? runId : undefined;
}

/** Ids are 32-bit integer columns on both engines; anything larger cannot exist. */
export const MAX_ID = 2_147_483_647;

/** A positive integer id written in decimal, as path segments carry ids. */
export function parsePositiveInt(value: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= MAX_ID ? n : undefined;
}
