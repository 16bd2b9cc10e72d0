import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createToolTransport, type ToolTransport } from './tool-transport.ts';

describe('the tool transport', () => {
  const network: string[] = [];
  const toNetwork: ToolTransport = async (url) => {
    network.push(url);
    return new Response('"network"');
  };
  const demo = new Hono();
  demo.post('/demo/api/policies', async (c) => c.json({ served: 'in-process', got: await c.req.json() }));
  demo.all('*', (c) => c.json({ served: 'in-process', path: c.req.path }, 404));
  const transport = createToolTransport({ network: toNetwork, inProcess: { origins: () => ['http://127.0.0.1:8787', 'https://parley.example.com'], fetch: (request) => demo.fetch(request) } });
  const post = (url: string) => transport(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"123456"}', signal: new AbortController().signal });

  it('answers requests for the demo tools on this server’s own origins in-process', async () => {
    expect(await (await post('http://127.0.0.1:8787/demo/api/policies')).json()).toEqual({ served: 'in-process', got: { id: '123456' } });
    expect(await (await post('https://parley.example.com/demo/api/policies')).json()).toMatchObject({ served: 'in-process' });
    expect(network).toEqual([]);
  });

  it('answers a demo tool named by its path alone in-process, whatever origins the server has', async () => {
    const anywhere = createToolTransport({ network: toNetwork, inProcess: { origins: () => [], fetch: (request) => demo.fetch(request) } });
    const reply = await anywhere('/demo/api/policies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"123456"}', signal: new AbortController().signal });
    expect(await reply.json()).toEqual({ served: 'in-process', got: { id: '123456' } });
    expect(network).toEqual([]);
  });

  it('sends everything else over the network: other origins, other paths, paths that climb out', async () => {
    for (const url of ['http://127.0.0.1:8788/demo/api/policies', 'http://localhost:8787/demo/api/policies', 'http://127.0.0.1:8787/v1/agents', 'http://127.0.0.1:8787/demo/api/../../v1/agents', 'http://127.0.0.1:8787/demo/api%2F..%2F..%2Fv1']) {
      expect(await (await post(url)).json(), url).toBe('network');
    }
    expect(network).toHaveLength(5);
  });
});
