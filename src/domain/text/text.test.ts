import { describe, expect, it } from 'vitest';
import { renderPost } from './render.js';
import { countPostChars, extractLocalMentions, extractTags, tokenize } from './tokenize.js';

const render = (text: string, known: string[] = []) =>
  renderPost(tokenize(text), {
    publicUrl: 'https://tribune.test',
    localDomain: 'tribune.test',
    accounts: new Map(known.map((u) => [u.toLowerCase(), { username: u }])),
  });

describe('post text', () => {
  it('counts a URL as 23 characters and a mention without its domain', () => {
    expect(countPostChars(`x https://example.com/${'a'.repeat(100)}`)).toBe(2 + 23);
    expect(countPostChars('@alice@tribune.test hi')).toBe('@alice hi'.length);
    expect(countPostChars('héllo 👋')).toBe(7);
  });

  it('finds hashtags with Unicode letters, lower-cased, and not inside words, URLs or numbers only', () => {
    const tags = extractTags(tokenize('#Café #日本 #tag_1 a#b #123 https://x.test/#frag #Café'));
    expect(tags).toEqual([
      { name: 'café', display: 'Café' },
      { name: '日本', display: '日本' },
      { name: 'tag_1', display: 'tag_1' },
    ]);
  });

  it('keeps only local mentions, and not e-mail addresses', () => {
    expect(extractLocalMentions(tokenize('@Alice @bob@tribune.test @carol@elsewhere.test mail@dave.test'), 'tribune.test')).toEqual(['alice', 'bob']);
  });

  it('renders paragraphs, line breaks, links, known mentions and hashtags, and escapes the rest', () => {
    const html = render('Hi @alice & @ghost <b>x</b>\nline\n\n#Tag https://example.com/a?b=1&c="2"', ['alice']);
    expect(html).toBe(
      '<p>Hi <span class="h-card" translate="no"><a href="https://tribune.test/@alice" class="u-url mention">@<span>alice</span></a></span> &amp; @ghost &lt;b&gt;x&lt;/b&gt;<br />line</p>' +
        '<p><a href="https://tribune.test/tags/tag" class="mention hashtag" rel="tag">#<span>Tag</span></a> ' +
        '<a href="https://example.com/a?b=1&amp;c=&quot;2" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span>example.com/a?b=1&amp;c="2</span><span class="invisible"></span></a>"</p>',
    );
  });

  it('never lets markup or script URLs through', () => {
    for (const text of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'javascript:alert(1)',
      '"><svg onload=alert(1)>',
      '<a href="javascript:x">x</a>',
    ]) {
      const html = render(text);
      // Only Mastodon's own tags remain as markup; whatever the author typed is text.
      expect(html.replace(/<\/?(p|br|a|span)( [^>]*)?\/?>/g, '')).not.toContain('<');
      expect(html).not.toMatch(/<a href="javascript/i);
    }
  });

  it('leaves bare domains as text and links only http(s) URLs', () => {
    expect(render('see example.com or ftp://x.test')).toBe('<p>see example.com or ftp://x.test</p>');
  });
});
