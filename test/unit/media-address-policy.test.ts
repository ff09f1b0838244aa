import { describe, expect, it } from 'vitest';
import { hasUserinfo, withoutUserinfo } from '../../domain/media-url';
import { createAddressPolicy, isPrivateAddress } from '../../infra/media/address-policy';
import { withoutPaths } from '../../infra/media/safe-reason';
import { testConfig } from '../support/test-config';

describe('media address policy', () => {
  it('#4 loopback, RFC 1918, CGNAT, link-local/metadata, ULA and mapped forms are private; public addresses are not', () => {
    const priv = [
      '127.0.0.1',
      '127.255.0.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.10',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '[::1]',
      'not-an-address',
    ];
    const pub = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'];
    expect(priv.filter((a) => !isPrivateAddress(a))).toEqual([]);
    expect(pub.filter((a) => isPrivateAddress(a))).toEqual([]);
  });

  it('#4 MEDIA_ALLOWED_HOSTS lets named hosts and listed ranges reach private addresses, nothing else', () => {
    const policy = createAddressPolicy(['media.internal', '10.20.0.0/16', '::1']);
    expect(policy.allows('media.internal', '192.168.1.5')).toBe(true);
    expect(policy.allows('MEDIA.internal.', '192.168.1.5')).toBe(true);
    expect(policy.allows('other.internal', '10.20.3.4')).toBe(true);
    expect(policy.allows('other.internal', '10.21.0.1')).toBe(false);
    expect(policy.allows('::1', '::1')).toBe(true);
    expect(policy.allows('evil.example', '169.254.169.254')).toBe(false);
    expect(policy.allows('evil.example', '8.8.8.8')).toBe(true);
    expect(createAddressPolicy([]).allows('localhost', '127.0.0.1')).toBe(false);
  });

  it('#4 MEDIA_ALLOWED_HOSTS is validated and split; the other media settings have defaults', () => {
    expect(testConfig({ MEDIA_ALLOWED_HOSTS: 'media.lan, 10.0.0.0/8,[fd00::1]' }).media.allowedHosts).toEqual([
      'media.lan',
      '10.0.0.0/8',
      '[fd00::1]',
    ]);
    expect(() => testConfig({ MEDIA_ALLOWED_HOSTS: 'http://x/' })).toThrow(/MEDIA_ALLOWED_HOSTS/);
    expect(() => testConfig({ MEDIA_ALLOWED_HOSTS: '10.0.0.0/40' })).toThrow(/MEDIA_ALLOWED_HOSTS/);
    expect(testConfig().media).toMatchObject({
      allowedHosts: [],
      idleTimeoutMs: 60_000,
      maxRedirects: 5,
      cacheMaxAgeMs: 86_400_000,
    });
  });
});

describe('media URLs and reasons', () => {
  it('#11 userinfo is detected and stripped, the rest of the URL kept', () => {
    expect(hasUserinfo('https://u:p@host.example/a.wav?x=1')).toBe(true);
    expect(hasUserinfo('https://host.example/a.wav')).toBe(false);
    expect(withoutUserinfo('https://u:p@host.example/a.wav?x=1')).toBe('https://host.example/a.wav?x=1');
    expect(withoutUserinfo('https://token@host.example/a')).toBe('https://host.example/a');
  });

  it('#19 absolute paths in reasons become file names; URLs and MIME types stay', () => {
    expect(withoutPaths("ENOTDIR: not a directory, mkdir '/srv/echopilot/data/media-cache'")).toBe(
      "ENOTDIR: not a directory, mkdir 'media-cache'",
    );
    expect(withoutPaths('/home/op/data/media-cache/t-1-0.wav: Invalid data found when processing input')).toBe(
      't-1-0.wav: Invalid data found when processing input',
    );
    expect(withoutPaths('Guessed MIME-type not supported: audio/wav: /tmp/x/t-1')).toBe(
      'Guessed MIME-type not supported: audio/wav: t-1',
    );
    expect(withoutPaths('HTTP 404 from https://media.example.com/a/b.wav')).toBe(
      'HTTP 404 from https://media.example.com/a/b.wav',
    );
  });
});
