import { describe, expect, it } from 'vitest';
import { countText, countWord } from './ssr.js';

describe('counts on the public pages', () => {
  it('uses the singular for one in English, and for zero and one in French', () => {
    expect(countText(1, 'followers')).toBe('1 follower');
    expect(countText(0, 'followers')).toBe('0 followers');
    expect(countText(2, 'replies')).toBe('2 replies');
    expect(countText(1, 'echoes')).toBe('1 echo');
    expect(countText(1200, 'upvotes')).toBe('1,200 upvotes');
    expect(countWord(0, 'replies', 'fr')).toBe('réponse');
    expect(countWord(1, 'followers', 'fr')).toBe('abonné·e');
    expect(countWord(2, 'echoes', 'fr')).toBe('partages');
  });

  it('keeps the number with its word in HTML, in bold when asked', () => {
    expect(countText(3, 'posts', { strong: true })).toBe('<strong>3</strong>&nbsp;posts');
    expect(countText(1, 'replies', { html: true })).toBe('1&nbsp;reply');
  });
});
