import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './escape-markdown.ts';
import { renderTemplate } from './template.ts';

describe('escapeMarkdown', () => {
  it('escapes links, images, emphasis, code and autolinks', () => {
    expect(escapeMarkdown('[phish](https://evil.example/login)')).toBe('\\[phish\\](https\\://evil.example/login)');
    expect(escapeMarkdown('![x](http://e.example/p.gif) **b** _i_ ~~s~~ `c` <https://e.example>')).toBe(
      '!\\[x\\](http\\://e.example/p.gif) \\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\<https\\://e.example\\>',
    );
  });

  it('escapes block markers at the start of the text and of each line only', () => {
    expect(escapeMarkdown('# Big\n> quote\n- item\n  + item\n12. item\n3) item\n---\n:-|-')).toBe(
      '\\# Big\n\\> quote\n\\- item\n  \\+ item\n12\\. item\n3\\) item\n\\---\n\\:-\\|-',
    );
  });

  it('leaves everyday punctuation as typed', () => {
    for (const text of ['ada@example.com', '+1 (555) 123-4567', '2026-05-01', 'Hi! How are you? #1 fan, 50% off.', '3.5 stars']) {
      expect(escapeMarkdown(text)).toBe(text);
    }
  });
});

describe('renderTemplate with an escape', () => {
  it('escapes the variables and not the template', () => {
    const vars = { name: '*Ada*', order: { id: 'A_1' } };
    expect(renderTemplate('**Hi** {{name}}, order {{order}} [track](https://t.example)', vars, { escape: escapeMarkdown })).toBe(
      '**Hi** \\*Ada\\*, order {"id":"A\\_1"} [track](https://t.example)',
    );
    expect(renderTemplate('**Hi** {{name}}', vars)).toBe('**Hi** *Ada*');
  });
});
