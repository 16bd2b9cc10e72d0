import { describe, expect, it } from 'vitest';
import type { CallsRepo } from '../storage/calls-repo.ts';
import { resolveCallQuery } from './call-query.ts';

const calls: Pick<CallsRepo, 'agentIdOf'> = { agentIdOf: async (_workspace, id) => (id === 'agent_0000000a' ? 10 : undefined) };

describe('turning a calls filter into a query', () => {
  it('makes to_date inclusive: a bare date up to the next midnight, a date-time up to its millisecond', async () => {
    expect(await resolveCallQuery(calls, 1, { from_date: '2026-03-02', to_date: '2026-03-02' })).toMatchObject({
      from: '2026-03-02T00:00:00.000Z',
      before: '2026-03-03T00:00:00.000Z',
    });
    expect(await resolveCallQuery(calls, 1, { to_date: '2026-03-02T10:00:00+02:00' })).toMatchObject({ before: '2026-03-02T08:00:00.001Z' });
    expect((await resolveCallQuery(calls, 1, { to_date: '9999-12-31' }))?.before).toBeUndefined();
  });

  it('resolves the agent, and refuses with "Agent not found" an agent the workspace lacks', async () => {
    expect(await resolveCallQuery(calls, 1, { agent_id: 'agent_0000000a', status: 'failed' })).toMatchObject({ agentId: 10, status: 'failed' });
    await expect(resolveCallQuery(calls, 1, { agent_id: 'agent_0000000b' })).rejects.toMatchObject({ code: 'not_found', message: 'Agent not found' });
  });

  it('refuses impossible dates and a range that ends before it starts', async () => {
    await expect(resolveCallQuery(calls, 1, { from_date: '2026-02-30' })).rejects.toThrow(/from_date: 2026-02-30 is not a real date/);
    await expect(resolveCallQuery(calls, 1, { to_date: '2026-13-01T00:00Z' })).rejects.toThrow(/to_date/);
    await expect(resolveCallQuery(calls, 1, { from_date: '2026-03-02', to_date: '2026-03-01' })).rejects.toThrow(/from_date is after to_date/);
  });
});
