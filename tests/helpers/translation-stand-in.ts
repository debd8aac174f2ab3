import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface TranslateBody {
  q: string[];
  source: string;
  target: string;
  format: string;
  api_key?: string;
}

/**
 * A small stand-in for LibreTranslate (its API: /languages, /translate), for tests/api/translation* and the web
 * app's browser test: /translate prefixes each text with the target (`[fr] ...`); a target of "de" answers after
 * 3 s (past a test server's deadline), "xx" is refused with a 400, and "es" answers HTML with a script in it.
 * Requests without the API key "k3y" get a 403.
 */
export async function startTranslationStandIn() {
  const calls: TranslateBody[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url === '/languages') {
        res.end(
          JSON.stringify([
            { code: 'en', name: 'English', targets: ['en', 'fr', 'de'] },
            { code: 'fr', name: 'French', targets: ['en', 'fr'] },
          ]),
        );
        return;
      }
      if (req.method === 'POST' && req.url === '/translate') {
        const b = JSON.parse(body) as TranslateBody;
        calls.push(b);
        if (b.api_key !== 'k3y') return void res.writeHead(403).end(JSON.stringify({ error: 'Invalid API key' }));
        if (b.target === 'xx') return void res.writeHead(400).end(JSON.stringify({ error: 'xx is not supported' }));
        // A target of "de" is slow: longer than the server's deadline.
        const answer = () =>
          res.end(
            JSON.stringify({ translatedText: b.q.map((q) => `[${b.target}] ${q}`), detectedLanguage: b.q.map(() => ({ language: 'en', confidence: 90 })) }),
          );
        if (b.target === 'es')
          return void res.end(JSON.stringify({ translatedText: b.q.map(() => '<p>hola</p><script>alert(1)</script><img src="x" onerror="alert(1)">') }));
        if (b.target === 'de') setTimeout(answer, 3_000);
        else answer();
        return;
      }
      res.writeHead(404).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
