import { describe, expect, it } from 'vitest';
import { defaultPublicUrl, publicUrlSchema } from './public-url.ts';

describe('public URL', () => {
  it('defaults to the listening address, and to loopback when the server listens on every interface', () => {
    expect(defaultPublicUrl('127.0.0.1', 8787)).toBe('http://127.0.0.1:8787');
    expect(defaultPublicUrl('localhost', 3000)).toBe('http://localhost:3000');
    expect(defaultPublicUrl('0.0.0.0', 8787)).toBe('http://127.0.0.1:8787');
    expect(defaultPublicUrl('::', 8787)).toBe('http://127.0.0.1:8787');
    expect(defaultPublicUrl('::1', 8787)).toBe('http://[::1]:8787');
    expect(defaultPublicUrl('127.0.0.1', 80)).toBe('http://127.0.0.1');
  });

  it('accepts an http(s) origin and refuses paths, other schemes and credentials', () => {
    expect(publicUrlSchema.parse('https://chat.example.com/')).toBe('https://chat.example.com');
    expect(publicUrlSchema.parse('https://chat.example.com:8443')).toBe('https://chat.example.com:8443');
    for (const bad of ['chat.example.com', 'ftp://chat.example.com', 'https://chat.example.com/parley', 'https://a:b@chat.example.com', 'https://chat.example.com/?x=1']) {
      expect(publicUrlSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
