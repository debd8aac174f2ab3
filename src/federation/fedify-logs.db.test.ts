import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';

// Fedify's logs reach the server's own logger (the one its context was built with), through the running server.
describe("Fedify's logs in a running server", { timeout: 120_000 }, () => {
  let t: TestServer;
  const lines: Array<Record<string, any>> = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await startTestServer({ federation: { allowPrivateAddress: true } }, { logger: pino({ level: 'debug' }, stream) });
    await t.createUser('ana');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("logs a refused inbox request through Tribune's logger, without what the activity said", async () => {
    const activity = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${t.url}/elsewhere/notes/1/activity`,
      type: 'Create',
      actor: `${t.url}/elsewhere/users/x`,
      object: { id: `${t.url}/elsewhere/notes/1`, type: 'Note', content: 'a private thought 7f3a' },
    };
    const res = await t.post('/users/ana/inbox', { raw: JSON.stringify(activity), headers: { 'content-type': 'application/activity+json' } });
    expect(res.status).toBe(401);
    const fedify = lines.filter((l) => l.area === 'fedify');
    expect(lines.filter((l) => l.category === 'logtape.meta')).toEqual([]);
    expect(fedify.some((l) => l.level === 50 && l.category === 'fedify.federation.inbox' && /HTTP Signatures/.test(l.msg))).toBe(true);
    // At debug, Fedify logs the whole activity it refused: there, its content is redacted.
    expect(fedify.some((l) => JSON.stringify(l).includes(`${t.url}/elsewhere/notes/1`))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('a private thought 7f3a');
  });
});
