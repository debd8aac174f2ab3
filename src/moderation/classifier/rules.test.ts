import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../language.js';
import { normalise } from './normalise.js';
import { analyseCues, cueFeatures, ruleAdjustment } from './rules.js';

const cues = (t: string) => analyseCues(normalise(t).split(' '), t, detectLanguage(t));

describe('rule cues', () => {
  it('sees negation before a violent verb, in English and French', () => {
    expect(cues('I would never hurt anyone').negated).toBe(1);
    expect(cues('je ne te frapperai pas').negated).toBe(1);
    expect(cues('je ne ferais jamais de mal, jamais tuer').negated).toBeGreaterThan(0);
  });
  it('does not let a threat frame hide behind a negation', () => {
    expect(cues("don't make me kill you").negated).toBe(0);
    expect(cues("if you don't stop I will kill you").negated).toBe(0);
  });
  it('sees violent verbs aimed at objects and games', () => {
    expect(cues("let's kill this level").object).toBe(1);
    expect(cues('on va tuer ce boss').object).toBe(1);
    expect(cues("I'll kill you in Mario Kart").game).toBe(true);
  });
  it('sees figurative uses and reported speech', () => {
    expect(cues('this song is killing me').violent).toBe(0);
    expect(cues('je suis mort de rire').figurative).toBeGreaterThan(0);
    expect(cues('the news reports a man threatened to kill his neighbour').reported).toBeGreaterThan(0);
    expect(cues('He wrote "I will stab you" under my post').quoted).toBe(true);
  });
  it('lowers the score when every violent term is defused, and never for a live threat', () => {
    expect(ruleAdjustment(cues('I would never hurt anyone'))).toBeLessThan(0);
    expect(ruleAdjustment(cues("let's kill this level"))).toBeLessThan(0);
    expect(ruleAdjustment(cues('I will kill you tomorrow'))).toBeGreaterThan(0);
  });
  it('crosses violent terms with third-person targets and intent, only when the term is live', () => {
    expect(cueFeatures(cues('someone needs to hang her'))).toContain('vv_3p_intent');
    expect(cueFeatures(cues('faut les buter'))).toContain('vv_3p');
    expect(cueFeatures(cues('I would never hurt her'))).not.toContain('vv_3p');
    expect(cueFeatures(cues('the news reports he will kill them'))).not.toContain('vv_intent_unreported');
  });
  it('lowers violent words aimed only at the speaker, never a threat that names someone else', () => {
    expect(cues("shoot me, it's Monday again").selfAimed).toBe(1);
    expect(ruleAdjustment(cues("shoot me, it's Monday again"))).toBeLessThan(0);
    expect(ruleAdjustment(cues('Erschießt mich bitte, die Bahn fällt schon wieder aus'))).toBeLessThan(0);
    expect(ruleAdjustment(cues('zastrzelcie mnie, znowu poniedziałek'))).toBeLessThan(0);
    expect(ruleAdjustment(cues("come at me and I'll kill you"))).toBeGreaterThanOrEqual(0);
    expect(ruleAdjustment(cues('kill me and then kill them'))).toBeGreaterThanOrEqual(0);
  });
});
