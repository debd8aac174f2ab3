import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('recognises English', () => {
    expect(detectLanguage('I will see you at the station tomorrow')).toBe('en');
  });
  it('recognises French, with or without accents', () => {
    expect(detectLanguage('je vais te voir demain à la gare')).toBe('fr');
    expect(detectLanguage('on se voit apres les cours')).toBe('fr');
    expect(detectLanguage('Étés réussis')).toBe('fr');
  });
  it('answers other for text in another script or with no known words', () => {
    expect(detectLanguage('مرحبا كيف حالك')).toBe('other');
    expect(detectLanguage('12345 !!!')).toBe('other');
  });
});
