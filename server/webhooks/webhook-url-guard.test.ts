import { describe, expect, it } from 'vitest';
import { createUrlGuard } from './webhook-url-guard.ts';

describe('the webhook URL check at save time', () => {
  it('refuses a host when any of its addresses is private, and one that does not resolve', async () => {
    const guard = createUrlGuard({ allowPrivate: false, resolve: async (host) => ({ 'ok.example': ['93.184.216.34'], 'mixed.example': ['93.184.216.34', '192.168.1.1'] })[host] ?? [] });
    await expect(guard('https://ok.example/hook')).resolves.toBeUndefined();
    await expect(guard('https://mixed.example/hook')).rejects.toThrow(/private or loopback address \(192\.168\.1\.1\)/);
    await expect(guard('https://missing.example/hook')).rejects.toThrow(/cannot be resolved/);
    await expect(guard('http://[::1]:8080/hook')).rejects.toThrow(/private or loopback/);
  });

  it('refuses every IPv6 spelling of a loopback address, naming the IPv4 it stands for', async () => {
    const guard = createUrlGuard({ allowPrivate: false, resolve: async () => [] });
    for (const url of ['http://[::ffff:127.0.0.1]/hook', 'http://[::ffff:7f00:1]/hook', 'http://[::ffff:0:7f00:1]/hook', 'http://[::127.0.0.1]/hook', 'http://[64:ff9b::7f00:1]/hook', 'http://[2002:7f00:1::]/hook']) {
      await expect(guard(url), url).rejects.toThrow(/private or loopback address \(.*\(127\.0\.0\.1\)\)/);
    }
  });

  it('allows anything when private targets are allowed', async () => {
    await expect(createUrlGuard({ allowPrivate: true })('http://127.0.0.1/hook')).resolves.toBeUndefined();
  });
});
