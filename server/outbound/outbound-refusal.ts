/**
 * A request refused before or while it ran, for a reason a retry would not change: a
 * private target, an answer over the size cap, a spent budget. Callers report its message
 * (written to be shown to the tenant) and do not retry.
 */
export type OutboundRefusalCode = 'private_address' | 'unresolvable_host' | 'unsupported_url' | 'response_too_large' | 'budget_spent';

export class OutboundRefusal extends Error {
  constructor(
    readonly code: OutboundRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefusal';
  }
}
