import { describe, expect, it } from 'vitest';
import { searchTerms } from './knowledge-search-repo.ts';

describe('the words a full-text search looks for', () => {
  it('drops English stop words, which would match nearly every passage', () => {
    expect(searchTerms('What is a kluge, and who wrote the Jargon File?', 'en-GB')).toEqual(['kluge', 'wrote', 'jargon', 'file']);
  });

  it('keeps them when nothing else is left, and in other languages', () => {
    expect(searchTerms('Who is it?', 'en')).toEqual(['who', 'is', 'it']);
    expect(searchTerms('the chat', 'fr')).toEqual(['the', 'chat']);
  });
});
