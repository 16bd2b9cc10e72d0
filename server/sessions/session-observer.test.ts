import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../storage/session-records.ts';
import { combineObservers } from './session-observer.ts';

describe('combined session observers', () => {
  const session = { id: 1 } as unknown as SessionRecord;

  it('waits for every observer, and reports a failing one without failing the caller or the others', async () => {
    const seen: string[] = [];
    const failures: string[] = [];
    const combined = combineObservers(
      [
        { ended: async () => void seen.push('slow') },
        { ended: () => { throw new Error('boom'); } },
        { ended: async () => Promise.reject(new Error('async boom')) },
        { started: () => void seen.push('not this one') },
      ],
      (error, hook) => failures.push(`${hook}: ${error instanceof Error ? error.message : String(error)}`),
    );
    await expect(combined.ended(session)).resolves.toBeUndefined();
    expect(seen).toEqual(['slow']);
    expect(failures).toEqual(['ended: boom', 'ended: async boom']);
  });
});
