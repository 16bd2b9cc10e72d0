import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './address-guard.ts';

describe('the outbound address guard', () => {
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

  it('calls cloud metadata endpoints private, over IPv4 and IPv6', () => {
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  // Every IPv6 form that carries an IPv4 address is judged by that IPv4 address.
  const embedded: [form: string, address: string, isPrivate: boolean][] = [
    ['IPv4-mapped, dotted', '::ffff:127.0.0.1', true],
    ['IPv4-mapped, hex (as WHATWG URL writes it)', '::ffff:7f00:1', true],
    ['IPv4-mapped, uncompressed', '0:0:0:0:0:ffff:7f00:0001', true],
    ['IPv4-mapped, upper case', '::FFFF:7F00:1', true],
    ['IPv4-mapped, public', '::ffff:5db8:d822', false],
    ['IPv4-compatible, dotted', '::127.0.0.1', true],
    ['IPv4-compatible, hex', '::7f00:1', true],
    ['IPv4-compatible, private', '::a00:1', true],
    ['IPv4-compatible, public', '::8.8.8.8', false],
    ['SIIT IPv4-translated, dotted', '::ffff:0:127.0.0.1', true],
    ['SIIT IPv4-translated, hex', '::ffff:0:7f00:1', true],
    ['SIIT IPv4-translated, public', '::ffff:0:808:808', false],
    ['NAT64 well-known prefix, loopback', '64:ff9b::127.0.0.1', true],
    ['NAT64 well-known prefix, metadata', '64:ff9b::a9fe:a9fe', true],
    ['NAT64 well-known prefix, public (DNS64 answers)', '64:ff9b::808:808', false],
    ['NAT64 local-use prefix', '64:ff9b:1::808:808', true],
    ['6to4, loopback', '2002:7f00:1::1', true],
    ['6to4, private', '2002:c0a8:101::', true],
    ['6to4, public', '2002:808:808::1', false],
    ['Teredo, loopback client (inverted)', '2001:0:4136:e378:8000:63bf:80ff:fffe', true],
    ['Teredo, private server', '2001:0:a00:1:8000:63bf:f7f7:f7f7', true],
    ['Teredo, public server and client', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', false],
  ];
  it.each(embedded)('judges %s (%s) by its IPv4 address', (_form, address, isPrivate) => {
    expect(isPrivateAddress(address)).toBe(isPrivate);
  });

  it('refuses what is not one address: zones, ranges, garbage', () => {
    for (const text of ['fe80::1%eth0', '127.0.0.1/8', '::ffff:127.0.0.1:80', '1::2::3', '', 'localhost', '0x7f.1']) {
      expect(isPrivateAddress(text), text).toBe(true);
    }
  });
});
