import { describe, expect, it } from 'vitest';
import { toolDefinitionSchema } from './agent-schema.ts';
import { isDemoToolPath } from './demo-tool-path.ts';

describe('demo tool paths', () => {
  it('are paths under /demo/api/ that stay there once resolved', () => {
    expect(isDemoToolPath('/demo/api/policies')).toBe(true);
    expect(isDemoToolPath('/demo/api/policies?id=1')).toBe(true);
    for (const url of ['/demo/api/../v1/agents', '/demo/api/%2e%2e/v1', '//evil.example/demo/api/x', '/\\evil.example/demo/api/x', '/demo/apix', 'demo/api/policies', 'http://127.0.0.1:8787/demo/api/policies']) {
      expect(isDemoToolPath(url), url).toBe(false);
    }
  });

  it('are accepted as a tool’s server_url beside http(s) URLs; any other path is refused, saying what is allowed', () => {
    expect(toolDefinitionSchema.parse({ name: 'lookup', server_url: '/demo/api/policies' }).server_url).toBe('/demo/api/policies');
    expect(toolDefinitionSchema.safeParse({ name: 'lookup', server_url: 'https://tools.example/lookup' }).success).toBe(true);
    for (const url of ['/v1/agents', 'ftp://tools.example/x', 'tools.example/x']) {
      const parsed = toolDefinitionSchema.safeParse({ name: 'lookup', server_url: url });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/http\(s\) URL, or a path under \/demo\/api\//);
    }
  });
});
