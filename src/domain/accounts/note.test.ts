import { describe, expect, it } from 'vitest';
import { renderFieldValue, renderNote } from './note.js';

const base = { baseUrl: 'https://tribune.example' };

describe('profile notes', () => {
  it('escapes markup instead of keeping it', () => {
    const html = renderNote('<img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>', base);
    expect(html).not.toMatch(/<img|<a href="javascript/);
    expect(html).toContain('&lt;img');
  });

  it('links only http and https addresses', () => {
    expect(renderNote('go to https://example.org/a?b=1&c=2', base)).toContain('<a href="https://example.org/a?b=1&amp;c=2"');
    expect(renderNote('javascript:alert(1) ftp://example.org', base)).not.toContain('<a');
  });

  it('keeps paragraphs and line breaks', () => {
    expect(renderNote('one\ntwo\n\nthree', base)).toBe('<p>one<br />two</p><p>three</p>');
    expect(renderNote('   ', base)).toBe('');
  });

  it('links local mentions and hashtags but not e-mail addresses or entities', () => {
    const html = renderNote('hi @bob, #Café & me@example.org &#39;', base);
    expect(html).toContain('href="https://tribune.example/@bob"');
    expect(html).toContain('href="https://tribune.example/tags/caf%C3%A9"');
    expect(html).toContain('me@example.org');
    expect(html).not.toContain('/@example');
    expect(html).not.toContain('/tags/39');
  });

  it('renders a field value on one line with links', () => {
    expect(renderFieldValue('https://alice.example', base)).toBe(
      '<a href="https://alice.example" target="_blank" rel="nofollow noopener noreferrer">alice.example</a>',
    );
  });
});
