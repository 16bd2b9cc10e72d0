import { describe, expect, it } from 'vitest';
import type { KnowledgeHit } from '../../types.ts';
import { groundingSection, knowledgeQuery, sourcesOf } from './knowledge.ts';

const hit = (title: string, text: string): KnowledgeHit => ({ documentId: `doc_${title}`, knowledgeBaseId: 7, title, url: null, headingPath: ['Cover'], text });
const hits = [hit('Glass', 'Windows are covered up to 500 EUR.'), hit('Travel', 'Lost luggage is covered abroad.')];
const bases = [{ id: 7, publicId: 'kb_SEVEN', language: 'en' }];

describe('grounded answers', () => {
  const user = (content: string) => ({ role: 'user' as const, content });
  const assistant = (content: string) => ({ role: 'assistant' as const, content });

  it('searches with the latest user message alone when it says enough by itself', () => {
    const history = [user('Is my bicycle covered when stolen abroad?'), assistant('Yes.'), user('How do I claim for a broken kitchen window?')];
    expect(knowledgeQuery(history)).toBe('How do I claim for a broken kitchen window?');
  });

  it('reads a short follow-up with the messages before it, newest last, at most three', () => {
    const history = [user('one'), assistant('ok'), user('two'), user('three'), assistant('sure'), user('and how long does that take?')];
    expect(knowledgeQuery(history)).toBe('two\nthree\nand how long does that take?');
    const followUp = [user('How do I claim for a broken kitchen window?'), assistant('Send a photo.'), user('and how long does it take?')];
    expect(knowledgeQuery(followUp)).toBe('How do I claim for a broken kitchen window?\nand how long does it take?');
  });

  it('searches nothing before the user has said anything', () => {
    expect(knowledgeQuery([assistant('Hello!')])).toBe('');
  });

  it('numbers the passages in the prompt with their headings and asks for citations', () => {
    const section = groundingSection(hits);
    expect(section).toContain('[1] Glass › Cover\nWindows are covered up to 500 EUR.');
    expect(section).toContain('[2] Travel › Cover');
    expect(section).toContain('cite each passage you use');
  });

  it('names only the cited passages, or every passage given when the answer cites none', () => {
    expect(sourcesOf(['Up to 500 EUR [1].'], hits, bases)).toEqual([
      { index: 1, title: 'Glass', url: null, quote: 'Windows are covered up to 500 EUR.', document_id: 'doc_Glass', knowledge_base_id: 'kb_SEVEN' },
    ]);
    expect(sourcesOf(['See [9] and [2].'], hits, bases).map((source) => source.index)).toEqual([2]);
    expect(sourcesOf(['I am not sure.'], hits, bases).map((source) => source.index)).toEqual([1, 2]);
  });
});
