import { describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, splitPassages } from './split-passages.ts';

describe('splitPassages', () => {
  it('keeps the heading path of each passage, outermost first', () => {
    const passages = splitPassages('# Policy\n\nIntro.\n\n## Windows\n\nBroken windows are covered.\n\n## Doors\n\nDoors are not.\n\n# Contact\n\nCall us.');
    expect(passages.map((p) => [p.headingPath, p.text])).toEqual([
      [['Policy'], 'Intro.'],
      [['Policy', 'Windows'], 'Broken windows are covered.'],
      [['Policy', 'Doors'], 'Doors are not.'],
      [['Contact'], 'Call us.'],
    ]);
  });

  it('joins short paragraphs of a section and cuts long ones between sentences', () => {
    const long = Array.from({ length: 60 }, (_, i) => `Sentence ${i} tells the quick brown fox to jump.`).join(' ');
    const passages = splitPassages(`# A\n\n${long}\n\nshort one\n\nshort two`);
    expect(passages.length).toBeGreaterThan(2);
    for (const passage of passages) expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(passages.at(-1)?.text).toContain('short one\n\nshort two');
  });

  it('stores a repeated passage once, whatever its case and spacing', () => {
    const passages = splitPassages(`# A\n\n${'x'.repeat(690)}\n\n# B\n\n${'X'.repeat(690)}\n\n# C\n\nother`);
    expect(passages.map((p) => p.headingPath[0])).toEqual(['A', 'C']);
  });
});
