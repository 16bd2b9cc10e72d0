/**
 * Turns the calls API's filter (public agent ids, dates) into a storage query: the agent
 * resolved within the workspace, dates into ISO bounds with `to_date` inclusive.
 */
import type { CallFilter } from '../../shared/api/calls-api.ts';
import { badRequest, notFound } from '../errors.ts';
import type { CallQuery, CallsRepo } from '../storage/calls-repo.ts';

const DAY_MS = 86_400_000;
/** Beyond year 9999 ISO text grows a sign and no longer sorts with stored timestamps. */
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** Date.parse rolls 2026-02-31 over to March: a round trip of the day catches it. */
function isRealDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** The instant a bound names; a bare date is its UTC midnight. Impossible dates are a 400. */
function instantOf(value: string, field: string): number {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(bare ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms) || !isRealDay(value.slice(0, 10))) throw badRequest(`${field}: ${value} is not a real date`, 'invalid_request');
  return ms;
}

/**
 * Resolve a filter. An agent the workspace does not have is a 404, as on every agent
 * route: empty totals would read as "no calls yet" when the id is simply wrong.
 */
export async function resolveCallQuery(calls: Pick<CallsRepo, 'agentIdOf'>, workspaceId: number, filter: CallFilter): Promise<CallQuery> {
  const query: CallQuery = { workspaceId, status: filter.status, channel: filter.channel, endedReason: filter.ended_reason, feedback: filter.feedback, text: filter.q, visitorId: filter.visitor_id };
  if (filter.agent_id !== undefined) {
    const agentId = await calls.agentIdOf(workspaceId, filter.agent_id);
    if (agentId === undefined) throw notFound('Agent not found');
    query.agentId = agentId;
  }
  const from = filter.from_date === undefined ? undefined : instantOf(filter.from_date, 'from_date');
  // Inclusive end: a bare date covers its whole day; a date-time includes its millisecond.
  const before =
    filter.to_date === undefined
      ? undefined
      : instantOf(filter.to_date, 'to_date') + (/^\d{4}-\d{2}-\d{2}$/.test(filter.to_date) ? DAY_MS : 1);
  if (from !== undefined && before !== undefined && from >= before) throw badRequest('from_date is after to_date', 'invalid_request');
  if (from !== undefined) query.from = new Date(from).toISOString();
  if (before !== undefined && before <= LAST_INSTANT) query.before = new Date(before).toISOString();
  return query;
}
