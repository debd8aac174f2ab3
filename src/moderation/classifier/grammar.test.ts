import { describe, expect, it } from 'vitest';
import { featurise } from './features.js';
import { THREAT_CUES, type ThreatCue } from './lexicon/types.js';
import { grammarAdjustment, ruleAdjustment } from './rules.js';

// Sentences written for this test (not taken from any suite or template): the shape each should read as.
const shapes = (text: string): ThreatCue[] => {
  const c = featurise(text).cues;
  return THREAT_CUES.filter((cue) => c.grammar[cue] > 0);
};

describe('grammar of threat shapes', () => {
  it.each([
    ['I am honestly just going to murder that guy next door', 'intent'],
    ['you will bleed for what you did', 'second'],
    ['someone needs to shoot the mayor', 'call'],
    ['Those immigrants should be burned alive', 'normative'],
    ['i hope your whole family burns', 'wish'],
    ['the world would be better without those people', 'elimination'],
    ['It would be a real shame if something happened to your kids', 'veiled'],
    ['storm the capitol on the 6th, bring rifles', 'place'],
    ['The shooter is a hero', 'glorify'],
    ['Ich bringe dich morgen um, du Hurensohn', 'intent'],
    ['Diese Politiker gehören alle aufgehängt', 'normative'],
    ['Ich weiß, wo deine Kinder zur Schule gehen', 'veiled'],
    ['ik steek je neer als ik je zie', 'intent'],
    ['ik weet waar je woont', 'veiled'],
    ['ojalá se mueran todos esos inmigrantes', 'wish'],
    ['ti ammazzo, bastardo', 'intent'],
    ['sei onde você mora', 'veiled'],
    ['ces gens devraient être brûlés vifs', 'normative'],
    ['zabiję cię, skurwysynu', 'intent'],
    ['Como vuelvas a aparecer por el barrio te vas a enterar', 'veiled'],
    ['Luego no digas que no te avisé', 'veiled'],
    ["Ce n'est pas une menace, c'est une promesse", 'veiled'],
    ['Die Muslime hier sollten besser gut aufpassen', 'veiled'],
    ['als ik jou was zou ik maar verhuizen', 'veiled'],
    ['Nie wiesz, z kim zadzierasz', 'veiled'],
    ['Il tuo tempo sta finendo', 'veiled'],
    ['Cala a boca ou a gente cala pra você', 'veiled'],
    ['Heute Nacht brennt das Asylheim', 'place'],
    ['Zaterdag naar het azc, neem knuppels mee', 'place'],
    ['Ten ośrodek dla uchodźców musi spłonąć', 'place'],
    ['Hoffentlich gibt es bald wieder einen Anschlag', 'glorify'],
    ['Gloria eterna a los mártires del atentado', 'glorify'],
    ['Niech zdychają w męczarniach', 'wish'],
  ] as const)('%s reads as %s', (text, shape) => {
    expect(shapes(text)).toContain(shape);
  });

  it('German and Dutch separable verbs count as violent words, but not "um acht" or homework', () => {
    expect(featurise('Ich bring dich morgen früh um').cues.violent).toBeGreaterThan(0);
    expect(featurise('ik maak je af').cues.violent).toBeGreaterThan(0);
    expect(featurise('Ich bring dir morgen den Kuchen um acht vorbei').cues.violent).toBe(0);
    expect(featurise('maak je huiswerk af voor morgen').cues.violent).toBe(0);
  });

  it.each([
    'I would never hurt anyone',
    'I am going to kill this level tonight',
    'I am going to kill myself if I fail this exam lol',
    'je vais me tuer si je rate cet examen',
    'Ich würde dich niemals umbringen',
    'be careful out there, the roads are icy',
    'I finished the job early today',
    'I know where you are coming from',
    'It would be a shame if it rained on the wedding',
    'Enjoy the sun while you can',
    'Pass auf dich auf, es ist glatt draußen',
    'Uważaj na siebie, jest ślisko',
    'neem vuurwerk mee naar het feest',
  ])('no clean threat shape in "%s"', (text) => {
    expect(grammarAdjustment(featurise(text).cues).violence).toBe(0);
  });

  it('a reported or quoted threat keeps its shape as a feature but gets no boost', () => {
    const c = featurise('People saying "immigrants should be burned" are disgusting and should be reported').cues;
    expect(c.grammar.normative).toBeGreaterThan(0);
    expect(grammarAdjustment(c).violence).toBe(0);
  });

  it('everyday words of the reported lists do not block a shape: French "une", Dutch "nu"', () => {
    expect(grammarAdjustment(featurise('On va te rendre une petite visite').cues).violence).toBeGreaterThan(0);
    expect(grammarAdjustment(featurise('we weten nu waar je woont').cues).violence).toBeGreaterThan(0);
  });

  it('praise of an attack raises glorification and violence', () => {
    const boost = grammarAdjustment(featurise('Glory to the Christchurch hero').cues);
    expect(boost.glorification).toBeGreaterThan(0);
    expect(boost.violence).toBeGreaterThan(0);
  });

  it('a threat quoted to report it is lowered, a threat alone is not', () => {
    expect(ruleAdjustment(featurise('He said he would kill us, report him').cues)).toBeLessThan(0);
    expect(ruleAdjustment(featurise('Dijo que iba a matarnos a todos, denunciadlo ya').cues)).toBeLessThan(0);
    expect(ruleAdjustment(featurise('I will kill you tomorrow').cues)).toBeGreaterThanOrEqual(0);
  });
});
