import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('the development identity provider never fails open', () => {
  it('runs on a loopback listener with a loopback public origin', () => {
    for (const origin of [undefined, 'http://127.0.0.1:9000', 'http://localhost:9000', 'http://[::1]:9000']) {
      const config = loadConfig({ HOST: '127.0.0.1', ...(origin ? { PUBLIC_ORIGIN: origin } : {}) });
      expect(config.devIdp).toBeDefined();
    }
  });

  it('refuses a loopback listener behind a proxy with a public origin, naming the settings to fix', () => {
    expect(() => loadConfig({ HOST: '127.0.0.1', PUBLIC_ORIGIN: 'https://remotehelp.contoso.com' })).toThrow(
      /PUBLIC_ORIGIN is https:\/\/remotehelp\.contoso\.com.*AUTH_ISSUER/,
    );
  });

  it('refuses a non-loopback listener, naming HOST', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST is 0\.0\.0\.0.*AUTH_ISSUER/);
  });

  it('is off whenever a production issuer is configured, whatever the origin', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PUBLIC_ORIGIN: 'https://remotehelp.contoso.com',
      AUTH_ISSUER: 'https://login.example.com/t/v2.0',
      AUTH_JWKS_URI: 'https://login.example.com/t/keys',
      AUTH_AUDIENCE: 'api://x',
      AUTH_CLIENT_ID: 'spa',
      AUTH_API_SCOPE: 'api://x/access',
    });
    expect(config.devIdp).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  it('is empty (no proxy trusted) unless set', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
  });

  it('takes addresses, CIDR ranges and the named ranges, comma-separated', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,fd00::/8 , loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/8', '*'])('refuses %j, naming the setting', (v) => {
    expect(() => loadConfig({ TRUST_PROXY: v })).toThrow(/TRUST_PROXY/);
  });
});

describe('REDIS_URL', () => {
  const DATABASE_URL = 'postgres://rh@127.0.0.1:5432/rh';

  it('is unset (one node, in process) unless given, and taken as it is when it names Redis', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:7000', DATABASE_URL }).redisUrl).toBe('redis://127.0.0.1:7000');
    expect(loadConfig({ REDIS_URL: 'rediss://cache.example.com:6380/2', DATABASE_URL }).redisUrl).toBe(
      'rediss://cache.example.com:6380/2',
    );
  });

  it.each(['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis'])('refuses %j, naming the setting', (v) => {
    expect(() => loadConfig({ REDIS_URL: v, DATABASE_URL })).toThrow(/REDIS_URL/);
  });

  it('is refused without DATABASE_URL, saying a cluster needs the shared database', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:7000' })).toThrow(
      'REDIS_URL is set but DATABASE_URL is not: a cluster (REDIS_URL) needs the PostgreSQL database its nodes share.',
    );
    expect(loadConfig({ DATABASE_URL }).databaseUrl).toBe(DATABASE_URL);
  });
});
