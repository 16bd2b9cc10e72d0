import { describe, expect, it } from 'vitest';
import { mountFromScripts } from './script-embed.ts';

/** A page of its own, so the script tags are read but never fetched. */
function page(body: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><body>${body}</body>`, 'text/html');
}

const widgets = (doc: Document) =>
  [...doc.querySelectorAll('parley-chat')].map((w) => Object.fromEntries([...w.attributes].map((a) => [a.name, a.value])));

describe('the script-tag embed', () => {
  it('mounts a bubble for data-agent, talking to the server the script came from', () => {
    const doc = page('<script src="https://chat.example/widget.js" data-agent="agent_1a2b3c4d" async></script>');
    mountFromScripts(null, doc);
    expect(widgets(doc)).toEqual([{ agent: 'agent_1a2b3c4d', server: 'https://chat.example' }]);
  });

  it('honours data-mode, data-lang and data-open, and a same-origin src', () => {
    const doc = page('<script src="/widget.js" data-agent="agent_1a2b3c4d" data-mode="fullpage" data-lang="nl" data-open></script>');
    mountFromScripts(null, doc);
    expect(widgets(doc)).toEqual([{ agent: 'agent_1a2b3c4d', server: location.origin, mode: 'fullpage', lang: 'nl', open: '' }]);
  });

  it('mounts each tag once, however often the bundle runs, and one widget per tag', () => {
    const doc = page(
      '<script src="https://chat.example/widget.js" data-agent="agent_aaaaaaaa"></script>' +
        '<script src="https://chat.example/widget.js?v=2" data-agent="agent_bbbbbbbb" data-open="false"></script>' +
        '<script src="https://chat.example/other.js" data-agent="agent_cccccccc"></script>',
    );
    const first = doc.querySelector('script');
    mountFromScripts(first, doc);
    mountFromScripts(null, doc);
    expect(widgets(doc).map((w) => [w.agent, 'open' in w])).toEqual([
      ['agent_aaaaaaaa', false],
      ['agent_bbbbbbbb', false],
    ]);
  });
});
