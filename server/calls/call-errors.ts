import { conflict } from '../errors.ts';

/** The 409 of every live-control endpoint on a call that has ended. */
export const callNotInProgress = () => conflict('Call is not in progress', 'call_not_in_progress');
