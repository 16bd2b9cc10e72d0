import { describe, expect, it } from 'vitest';
import { prefersHtml } from './prefers-html.ts';

describe('choosing HTML or JSON for a debug link', () => {
  it('answers HTML to a browser and JSON to API clients', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
  });
});
