import { describe, expect, it } from 'vitest';
import { createUrlGuard, isPrivateAddress } from './address-guard.ts';

describe('the webhook address guard', () => {
  it('calls loopback, private, link-local, CGNAT, multicast and reserved addresses private', () => {
    for (const address of ['127.0.0.1', '10.2.3.4', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('refuses a host when any of its addresses is private, and one that does not resolve', async () => {
    const guard = createUrlGuard({ allowPrivate: false, resolve: async (host) => ({ 'ok.example': ['93.184.216.34'], 'mixed.example': ['93.184.216.34', '192.168.1.1'] })[host] ?? [] });
    await expect(guard('https://ok.example/hook')).resolves.toBeUndefined();
    await expect(guard('https://mixed.example/hook')).rejects.toThrow(/private or loopback address \(192\.168\.1\.1\)/);
    await expect(guard('https://missing.example/hook')).rejects.toThrow(/cannot be resolved/);
    await expect(guard('http://[::1]:8080/hook')).rejects.toThrow(/private or loopback/);
  });

  it('allows anything when private targets are allowed', async () => {
    await expect(createUrlGuard({ allowPrivate: true })('http://127.0.0.1/hook')).resolves.toBeUndefined();
  });
});
