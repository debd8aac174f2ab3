import { Writable } from 'node:stream';
import { getLogger } from '@logtape/logtape';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { routeFedifyLogs } from './fedify-logs.js';

function bufferLogger(level: string) {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe("Fedify's logs in Tribune's logger", () => {
  it('reach pino at their level with their category, without key material or what people wrote', async () => {
    const { logger, lines } = bufferLogger('info');
    const stop = routeFedifyLogs(logger);
    try {
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
      const log = getLogger(['fedify', 'federation', 'outbox']);
      log.warn('No supported key found for the activity {activityId}.', {
        activityId: 'https://example.test/a/1',
        keys: [{ keyId: new URL('https://example.test/u#key'), privateKey: (pair as CryptoKeyPair).privateKey }],
        jwk: { kty: 'OKP', d: 'secret-scalar' },
        activity: { type: 'Create', object: { content: 'what someone wrote', id: 'https://example.test/n/1' } },
        headers: { signature: 'keyId="x",signature="abc"' },
      });
      log.debug('not at info: dropped');
      getLogger(['fedify', 'federation', 'http']).info('POST /inbox: 202');
      getLogger(['fedify', 'sig', 'http']).error('Failed to verify {url}', { url: new URL('https://example.test/inbox'), error: new Error('boom') });
    } finally {
      stop();
    }
    expect(lines).toHaveLength(2);
    const [warn, error] = lines as [Record<string, any>, Record<string, any>];
    expect(warn).toMatchObject({ level: 40, area: 'fedify', category: 'fedify.federation.outbox', activityId: 'https://example.test/a/1' });
    expect(warn.msg).toBe('No supported key found for the activity https://example.test/a/1.');
    expect(warn.keys[0].keyId).toBe('https://example.test/u#key');
    const text = JSON.stringify(lines);
    for (const secret of ['secret-scalar', 'what someone wrote', 'signature="abc"']) expect(text).not.toContain(secret);
    expect(warn.keys[0].privateKey).toBe('[redacted]');
    expect(error).toMatchObject({
      level: 50,
      category: 'fedify.sig.http',
      url: 'https://example.test/inbox',
      msg: 'Failed to verify https://example.test/inbox',
    });
    expect(error.err.message).toBe('boom');
  });

  it('stops when the context closes', () => {
    const { logger, lines } = bufferLogger('info');
    routeFedifyLogs(logger)();
    getLogger(['fedify']).warn('after close');
    expect(lines).toEqual([]);
  });
});
