import { describe, expect, it } from 'vitest';
import { containsPhrase } from './phrase-match.ts';

describe('containsPhrase', () => {
  it.each([
    ['I want an agent', 'agent', true],
    ['AGENT!', 'agent', true],
    ['agent.', 'agent', true],
    ['Check my agenda', 'agent', false],
    ['subagents', 'agent', false],
    ['talk to a real   person please', 'real person', true],
    ['a realperson', 'real person', false],
    ['Señor, un humano', 'humano', true],
    ['how much is $5 (approx)?', '$5 (approx)', true],
  ])('"%s" contains "%s": %s', (text, phrase, expected) => {
    expect(containsPhrase(text, phrase)).toBe(expected);
  });
});
