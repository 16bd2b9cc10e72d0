import { describe, expect, it } from 'vitest';
import { selectKnowledge } from './knowledge.ts';

describe('selectKnowledge', () => {
  it('includes a small knowledge base whole', () => {
    const docs = [{ title: 'Hours', content: 'Open 9 to 5.' }, { title: 'Empty', content: '  ' }];
    expect(selectKnowledge(docs, 'anything', 1000)).toEqual([{ title: 'Hours', text: 'Open 9 to 5.' }]);
  });

  it('picks the passages sharing words with the query, in document order, within the budget', () => {
    const filler = 'Lorem ipsum dolor sit amet. '.repeat(30);
    const docs = [
      { title: 'Glass', content: `Windows and glass are covered up to 500 EUR.\n\n${filler}` },
      { title: 'Travel', content: `${filler}\n\nLuggage lost abroad is covered when reported within 24 hours.` },
    ];
    const passages = selectKnowledge(docs, 'my window glass broke', 300);
    expect(passages).toEqual([{ title: 'Glass', text: 'Windows and glass are covered up to 500 EUR.' }]);
  });
});
