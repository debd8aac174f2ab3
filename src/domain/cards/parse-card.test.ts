import { describe, expect, it } from 'vitest';
import { cardUrlOf } from './cards.service.js';
import { parseCard } from './parse-card.js';

describe('parseCard', () => {
  it('prefers OpenGraph, then Twitter tags, then <title> and meta description', () => {
    const twitter = parseCard(
      '<head><title>T</title><meta name="twitter:title" content="Tw"><meta name="twitter:description" content="TwD"><meta name="twitter:image" content="https://cdn.test/a.jpg"></head>',
      'https://site.test/p',
    );
    expect(twitter).toMatchObject({ title: 'Tw', description: 'TwD', imageUrl: 'https://cdn.test/a.jpg', width: 0, height: 0 });
    expect(parseCard('<TITLE> A &lt;b&gt; </TITLE><meta name="Description" content="d">', 'https://site.test/')).toMatchObject({
      title: 'A <b>',
      description: 'd',
    });
  });

  it('keeps only an http(s) image, made absolute against the page', () => {
    expect(parseCard('<meta property="og:title" content="x"><meta property="og:image" content="img/a.png">', 'https://site.test/dir/page').imageUrl).toBe(
      'https://site.test/dir/img/a.png',
    );
    expect(
      parseCard('<meta property="og:title" content="x"><meta property="og:image" content="javascript:alert(1)">', 'https://site.test/').imageUrl,
    ).toBeNull();
    expect(
      parseCard('<meta property="og:title" content="x"><meta property="og:image" content="data:image/png;base64,AA">', 'https://site.test/').imageUrl,
    ).toBeNull();
  });

  it('answers an ISO 639 language code from <html lang> or og:locale', () => {
    expect(parseCard('<html lang="fr-CA"><title>x</title></html>', 'https://site.test/').language).toBe('fr');
    expect(parseCard('<meta property="og:locale" content="de_DE"><title>x</title>', 'https://site.test/').language).toBe('de');
    expect(parseCard('<title>x</title>', 'https://site.test/').language).toBeNull();
  });
});

describe('cardUrlOf', () => {
  it('takes the first http(s) link, not mentions, hashtags or bare domains', () => {
    expect(cardUrlOf('@bob #tag example.com then https://a.test/x and http://b.test/')).toBe('https://a.test/x');
    expect(cardUrlOf('@bob@remote.test #tag ftp://x.test example.com')).toBeNull();
  });
});
