import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('recognises each of the eight screened languages in an everyday post', () => {
    const posts: Record<string, string> = {
      en: 'I will see you at the station tomorrow, bring the tickets',
      fr: 'je vais te voir demain à la gare avec les billets',
      de: 'Wir sehen uns morgen am Bahnhof, bring bitte die Fahrkarten mit',
      es: 'Nos vemos mañana en la estación, trae los billetes por favor',
      it: 'Ci vediamo domani alla stazione, porta i biglietti per favore',
      pt: 'A gente se vê amanhã na estação, traz os bilhetes por favor',
      nl: 'We zien elkaar morgen op het station, neem de kaartjes mee',
      pl: 'Do zobaczenia jutro na dworcu, weź proszę bilety ze sobą',
    };
    for (const [lang, text] of Object.entries(posts)) expect(detectLanguage(text), text).toBe(lang);
  });
  it('settles short posts by their function words', () => {
    const posts: [string, string][] = [
      ['fr', 'je vais te voir'],
      ['fr', 'jvais te voir wsh'],
      ['de', 'ich ruf dich an'],
      ['es', 'te voy a llamar'],
      ['it', 'ti chiamo dopo'],
      ['pt', 'vou te ligar'],
      ['nl', 'ik bel je zo'],
      ['pl', 'zadzwonię do ciebie'],
    ];
    for (const [lang, text] of posts) expect(detectLanguage(text), text).toBe(lang);
  });
  it('recognises French without accents', () => {
    expect(detectLanguage('on se voit apres les cours pour reviser ensemble')).toBe('fr');
  });
  it('ignores links and mentions', () => {
    expect(detectLanguage('@someone@example.org https://example.org/das-ist-ein-link Wir sehen uns morgen am Bahnhof')).toBe('de');
  });
  it('answers other for another language, another script or no words', () => {
    expect(detectLanguage('مرحبا كيف حالك')).toBe('other');
    expect(detectLanguage('Привет, как у тебя дела сегодня?')).toBe('other');
    expect(detectLanguage('12345 !!!')).toBe('other');
    expect(detectLanguage('😀😀')).toBe('other');
  });
});
