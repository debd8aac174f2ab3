import { describe, expect, it } from 'vitest';
import { normalise } from './normalise.js';

describe('normalise', () => {
  it('lowercases, strips accents and collapses repeated letters', () => {
    expect(normalise('JE VAIS TE TUÉÉÉR')).toBe('je vais te tuer');
    expect(normalise('I will KILLLLL you')).toBe('i wil kil you');
  });
  it('undoes leetspeak inside words but leaves numbers alone', () => {
    expect(normalise('k1ll y0u')).toBe('kil you');
    expect(normalise('st4b you in 5 minutes in 2024')).toBe('stab you in 5 minutes in 2024');
  });
  it('joins spaced, dotted and dashed letters', () => {
    expect(normalise('i will k i l l you')).toBe('i wil kil you');
    expect(normalise('t.u.e.r')).toBe('tuer');
    expect(normalise('m-u-r-d-e-r')).toBe('murder');
  });
  it('restores masked words it can resolve', () => {
    expect(normalise('I will k*ll you')).toBe('i wil kil you');
  });
  it('expands contractions that carry negation and French chat spellings', () => {
    expect(normalise("I won't hurt you")).toBe('i wil not hurt you');
    expect(normalise("jvais t'buter")).toBe('je vais te buter');
    expect(normalise("je n'ai rien dit")).toBe('je ne ai rien dit');
    expect(normalise('jvé te défoncer')).toBe('je vais te defoncer');
    expect(normalise('jv te buter')).toBe('je vais te buter');
    expect(normalise("je sais où t'habites")).toBe('je sais ou tu habites');
    expect(normalise('je sais ou thabite')).toBe('je sais ou tu habites');
  });
  it('drops links and mentions', () => {
    expect(normalise('@bob look https://x.example/a [URL] [USER] here')).toBe('lok here');
  });
});
