import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotText, type SnapshotText } from './snapshot-text.ts';

const PATH = ['context', 'history'] as const;

/** A snapshot shaped as the runtime stores one, around `history`. */
const snapshot = (history: unknown, extra: Record<string, unknown> = {}) => ({
  status: 'active',
  output: undefined,
  value: { ask: 'waiting' },
  historyValue: {},
  context: { variables: { said: 'hi "there"' }, history, outbox: [], node: 'ask', ...extra },
  children: {},
});

/** What the log's offsets say each item's text is, parsed back. */
function itemsFromOffsets(written: SnapshotText): unknown[] {
  const log = written.log;
  if (!log) return [];
  const inner = written.text.slice(log.start, log.end);
  return log.offsets.map((at, i) => JSON.parse(inner.slice(at, (log.offsets[i + 1] ?? inner.length + 1) - 1)));
}

const message = fc.oneof(
  fc.record({ role: fc.constant('user'), content: fc.string({ unit: 'binary' }) }),
  fc.record({ role: fc.constant('assistant'), content: fc.option(fc.string()), tool_calls: fc.option(fc.array(fc.record({ id: fc.string(), n: fc.integer() })), { nil: undefined }) }),
  fc.jsonValue(),
);

/** One turn's change to the log, as the runtime makes them, and a few it does not. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), items: fc.array(message, { maxLength: 4 }), dropFront: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('replaceOne' as const), at: fc.nat(), item: message }),
  fc.record({ kind: fc.constant('copyAll' as const) }),
  fc.record({ kind: fc.constant('otherShape' as const), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant('sameLog' as const), node: fc.string() }),
);

describe('snapshot text', () => {
  it('is always exactly JSON.stringify of the value, and its offsets find each item of the log, over any run of commits', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), fc.array(step, { maxLength: 25 }), (start, steps) => {
        let history: unknown[] = start;
        let value: unknown = snapshot(history);
        let previous: SnapshotText | undefined;
        for (const change of [undefined, ...steps]) {
          if (change?.kind === 'append') history = [...history.slice(change.dropFront), ...change.items];
          if (change?.kind === 'replaceOne' && history.length > 0) history = history.map((item, i) => (i === change.at % history.length ? change.item : item));
          if (change?.kind === 'copyAll') history = structuredClone(history);
          value = change?.kind === 'otherShape' ? change.value : snapshot(history, change?.kind === 'sameLog' ? { node: change.node } : {});
          const written = snapshotText(value, PATH, previous);
          expect(written.text).toBe(JSON.stringify(value));
          if (change?.kind !== 'otherShape') expect(itemsFromOffsets(written)).toEqual(JSON.parse(JSON.stringify(history)));
          previous = written;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not read again the items it kept from the previous log', () => {
    const reads: string[] = [];
    const counted = (name: string) => ({
      role: 'user',
      get content() {
        reads.push(name);
        return name;
      },
    });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(counted);
    const first = snapshotText(snapshot([a, b, c]), PATH);
    expect(reads).toEqual(['a', 'b', 'c']);
    reads.length = 0;
    const next = snapshotText(snapshot([b, c, d]), PATH, first);
    expect(reads).toEqual(['d']);
    expect(next.log?.reused).toBe(2);
    expect(next.text).toBe(JSON.stringify(snapshot([b, c, d])));
  });

  it('stringifies the whole log when it is not the previous one with items added and dropped', () => {
    const [a, b, c] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const first = snapshotText(snapshot([a, b, c]), PATH);
    // b dropped from the middle: not a log that grew.
    expect(snapshotText(snapshot([a, c]), PATH, first).log?.reused).toBe(0);
    // The last item replaced: nothing of the old text can be trusted past it.
    expect(snapshotText(snapshot([b, { n: 3 }]), PATH, first).log?.reused).toBe(0);
    expect(snapshotText(snapshot([c]), PATH, first).log?.reused).toBe(1);
  });

  it('writes a value of any other shape whole, as JSON.stringify does', () => {
    const toJson = { context: { toJSON: () => 'replaced', history: [1] } };
    const shapes = [null, 'text', [1, 2], { context: [] }, { context: { history: 'not a log' } }, toJson, { context: { history: undefined } }];
    for (const value of shapes) {
      const written = snapshotText(value, PATH);
      expect(written.text).toBe(JSON.stringify(value));
      expect(written.log).toBeUndefined();
    }
  });
});
