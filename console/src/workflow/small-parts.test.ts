import { describe, expect, it } from 'vitest';
import { foldUnchanged, lineDiff } from '../agents/line-diff.ts';
import { tokenize } from './json-highlight.ts';
import { firstView, fit, panBy, zoomAt } from './pan-zoom.ts';

describe('the editor highlighting', () => {
  it('tells keys from strings, numbers and literals, and never fails on broken JSON', () => {
    expect(tokenize('{"a": 1, "b": [true, "x"]}').filter((t) => t.kind !== 'plain' && t.kind !== 'punct').map((t) => `${t.kind}:${t.text}`)).toEqual([
      'key:"a"',
      'number:1',
      'key:"b"',
      'literal:true',
      'string:"x"',
    ]);
    expect(tokenize('{"unterminated: ').map((t) => t.text).join('')).toBe('{"unterminated: ');
  });
});

describe('the version diff', () => {
  it('keeps common lines and marks the others', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('folds long unchanged runs, keeping three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const folded = foldUnchanged(lineDiff(before, before.replace('line 10', 'LINE 10')));
    expect(folded.map((l) => (l.kind === 'fold' ? `fold ${l.count}` : l.kind))).toEqual(['fold 7', 'same', 'same', 'same', 'removed', 'added', 'same', 'same', 'same', 'fold 6']);
  });
});

describe('the graph view', () => {
  it('zooms around the pointer, within bounds', () => {
    const view = zoomAt({ scale: 1, x: 0, y: 0 }, 2, 100, 100);
    expect(view).toEqual({ scale: 2, x: -100, y: -100 });
    expect(zoomAt(view, 100, 0, 0).scale).toBe(2.5);
    expect(panBy(view, 10, -5)).toEqual({ scale: 2, x: -90, y: -105 });
  });

  it('fits a small graph whole, and shows a tall one from its top at a readable size', () => {
    expect(fit(200, 100, 400, 400)).toEqual({ scale: 1, x: 100, y: 150 });
    expect(firstView(400, 2000, 600, 500)).toEqual({ scale: 0.75, x: 150, y: 0 });
  });
});
