import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile-workflow.ts';
import { persistResting, restoringResolved } from './resting-snapshot.ts';
import { agentConfig, converse, createFakeServices, workflow } from './runtime-fakes.ts';
import type { WorkflowContext } from './workflow-context.ts';
import { SNAPSHOT_LOG_PATH } from '../storage/snapshot-memo.ts';
import { snapshotText } from '../storage/snapshot-text.ts';

const machine = compileWorkflow(
  workflow({
    start: 'hello',
    nodes: {
      hello: { type: 'say', text: 'Hi!', next: 'name' },
      name: { type: 'ask', text: 'What is your name?', save_as: 'user.name', next: 'bye' },
      bye: { type: 'end', text: 'Goodbye {{user.name}}.' },
    },
  }),
  agentConfig(),
);

/** The machine's snapshots at rest after each turn, resolved from what was stored. */
async function restingSnapshots() {
  const turns = await converse(machine, createFakeServices(), ['Grace']);
  return turns.map((turn) => {
    const { value, context, output } = JSON.parse(JSON.stringify(turn.snapshot)) as { value: string; context: WorkflowContext; output?: { state: 'ended' } };
    return machine.resolveState({ value, context, ...(output ? { output } : {}) });
  });
}

describe('persistResting', () => {
  it("stores exactly what XState's getPersistedSnapshot stores, waiting and ended", async () => {
    const snapshots = await restingSnapshots();
    expect(snapshots.map((s) => s.status)).toEqual(['active', 'done']);
    for (const snapshot of snapshots) {
      expect(JSON.stringify(persistResting(snapshot, snapshot.context))).toBe(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
    }
  });

  it('keeps the conversation where the sessions repository looks for its log (SNAPSHOT_LOG_PATH)', async () => {
    for (const snapshot of await restingSnapshots()) {
      const stored = persistResting(snapshot, snapshot.context);
      const log = SNAPSHOT_LOG_PATH.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], stored);
      expect(log).toBe(snapshot.context.history);
      expect(snapshotText(stored, SNAPSHOT_LOG_PATH).log?.items).toBe(snapshot.context.history);
    }
  });

  it('refuses a snapshot with a running child instead of dropping it', async () => {
    const [waiting] = await restingSnapshots();
    const running = { ...waiting!, children: { llm: {} } } as unknown as typeof waiting & object;
    expect(() => persistResting(running, running.context)).toThrow(/running actors/);
  });
});

describe('restoringResolved', () => {
  it("starts an actor at the resolved snapshot itself, and it moves as one restored by XState's own path", async () => {
    const [waiting] = await restingSnapshots();
    const ours = createActor(restoringResolved(machine), { snapshot: waiting! });
    expect(ours.getSnapshot()).toBe(waiting);
    const theirs = createActor(machine, { snapshot: machine.getPersistedSnapshot(waiting!) });
    for (const actor of [ours, theirs]) {
      actor.start();
      actor.send({ type: 'user.message', text: 'Ada' });
    }
    const [a, b] = [ours.getSnapshot(), theirs.getSnapshot()];
    expect(a.status).toBe('done');
    expect({ value: a.value, context: a.context, output: a.output }).toEqual({ value: b.value, context: b.context, output: b.output });
  });

  it('is one logic object per machine', () => {
    expect(restoringResolved(machine)).toBe(restoringResolved(machine));
  });
});
