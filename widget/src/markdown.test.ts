import fc from 'fast-check';
import { render } from 'lit';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../shared/escape-markdown.ts';
import { renderMarkdown, safeHref } from './markdown.ts';

function show(source: string): HTMLElement {
  const container = document.createElement('div');
  render(renderMarkdown(source), container);
  return container;
}

/** The rendered DOM without Lit's marker comments. */
function markup(element: HTMLElement): string {
  return element.innerHTML.replace(/<!--[^>]*-->/g, '');
}

describe('renderMarkdown', () => {
  it('renders emphasis, strong, strikethrough and code as elements', () => {
    const el = show('Hi **Ana**, *really* ~~not~~ `code <b>`');
    expect(markup(el)).toBe('<p>Hi <strong>Ana</strong>, <em>really</em> <del>not</del> <code>code &lt;b&gt;</code></p>');
  });

  it('renders lists, nested lists and tasks', () => {
    const el = show('1. one\n2. two\n   - inner\n\n- [x] done\n- [ ] todo');
    expect(markup(el)).toBe('<ol start="1"><li>one</li><li>two<ul><li>inner</li></ul></li></ol><ul><li>☑ done</li><li>☐ todo</li></ul>');
  });

  it('keeps line breaks inside a paragraph and separates paragraphs', () => {
    expect(markup(show('line one\nline two\n\nnext'))).toBe('<p>line one<br>line two</p><p>next</p>');
  });

  it('renders code blocks, quotes, headings, rules and tables', () => {
    const el = show('# Title\n\n> quoted *text*\n\n```js\nlet a = 1 < 2;\n```\n\n---\n\n| Plan | Price |\n|---|---|\n| Gold | 10 |');
    expect(markup(el)).toBe(
      '<p><strong>Title</strong></p><blockquote><p>quoted <em>text</em></p></blockquote><pre><code>let a = 1 &lt; 2;</code></pre><hr>' +
        '<div class="table"><table>\n        <thead><tr><th>Plan</th><th>Price</th></tr></thead>\n        <tbody><tr><td>Gold</td><td>10</td></tr></tbody>\n      </table></div>',
    );
  });

  it('opens safe links in a new tab without access to the page', () => {
    const el = show('See [the policy](https://harbor.example/policy) or https://harbor.example/faq, or <mailto:help@harbor.example>.');
    const links = [...el.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.target, a.rel, a.textContent]);
    expect(links).toEqual([
      ['https://harbor.example/policy', '_blank', 'noopener noreferrer', 'the policy'],
      ['https://harbor.example/faq', '_blank', 'noopener noreferrer', 'https://harbor.example/faq'],
      ['mailto:help@harbor.example', '_blank', 'noopener noreferrer', 'help@harbor.example'],
    ]);
  });

  it('leaves snake_case and lone asterisks alone', () => {
    expect(markup(show('use policy_number_field and 2 * 3 * 4'))).toBe('<p>use policy_number_field and 2 * 3 * 4</p>');
  });

  describe('hostile agent output renders as text', () => {
    it('shows HTML and script tags as text, creating no elements', () => {
      const el = show('<script>window.pwned = 1</script>\n\n<img src=x onerror="alert(1)"> <b>bold?</b>\n\n<iframe src="https://evil.example"></iframe>');
      expect(el.querySelector('script, img, iframe, b')).toBeNull();
      expect(el.textContent).toContain('<script>window.pwned = 1</script>');
      expect(el.textContent).toContain('<img src=x onerror="alert(1)"> <b>bold?</b>');
      expect(el.textContent).toContain('<iframe src="https://evil.example"></iframe>');
    });

    it('renders javascript:, data: and vbscript: links as their text only', () => {
      const el = show('[click me](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox) [Click](JaVaScRiPt:alert(2)) <javascript:alert(3)>');
      expect(el.querySelector('a')).toBeNull();
      expect(el.textContent).toContain('click me');
      expect(el.textContent).not.toMatch(/<a /);
    });

    it('shows a visitor answer the server escaped into agent text as literal text, not a link', () => {
      const phish = '[phish](https://evil.example/login)';
      const el = show(`Thanks **${escapeMarkdown(phish)}**! Our [terms](https://harbor.example/terms) apply.`);
      expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://harbor.example/terms']);
      expect(el.querySelector('strong')?.textContent).toBe(phish);
      expect(el.textContent).toBe(`Thanks ${phish}! Our terms apply.`);
    });

    it('shows any escaped text as exactly that text, with no markup of its own', () => {
      const token = fc.constantFrom(
        'a', 'b c', ' ', '\t', '#', '##', '-', '+', '*', '**', '_', '~~', '`', '```', '~~~', '[', ']', '(', ')', '!', '<', '>', '|',
        ':', '=', '.', '12', '1.', '2)', '---', ':-', '|---|', '[ ]', '\\', 'https://x.example/p', '<https://z.example>', '[x](https://e.example)', '![i](https://e.example/i.png)',
      );
      const line = fc.array(token, { maxLength: 6 }).map((tokens) => tokens.join(''));
      fc.assert(
        fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
          const text = lines.join('\n');
          const el = show(escapeMarkdown(text));
          expect([...el.querySelectorAll('*')].map((e) => e.tagName).filter((tag) => tag !== 'P' && tag !== 'BR')).toEqual([]);
          // Line breaks and runs of spaces are the only liberty the renderer takes.
          expect((el.textContent ?? '').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        }),
        { numRuns: 1500 },
      );
    });

    it('does not turn an image into a remote request', () => {
      const el = show('![tracking pixel](https://evil.example/p.gif) ![x](javascript:alert(1))');
      expect(el.querySelector('img')).toBeNull();
      expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://evil.example/p.gif']);
      expect(el.textContent).toContain('x');
    });
  });
});

describe('safeHref', () => {
  it('allows http, https and mailto only', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref('tel:+123')).toBeNull();
  });
});
