/**
 * Which threat form a post reads as, for the moderator who reviews it: the form heads of the model when it has
 * them (trained on Tribune's templates, where every sentence carries its form), else the form markers the rules
 * found ("i hope", "someone should", "we know where you live"...), the most specific first.
 */
import type { ThreatCue } from './lexicon/types.js';
import type { Cues } from './rules.js';
import type { ThreatForm } from './types.js';

const CUE_FORM: ReadonlyArray<readonly [ThreatCue, ThreatForm]> = [
  ['glorify', 'glorification'],
  ['place', 'incitement-place-event'],
  ['veiled', 'veiled-conditional'],
  ['elimination', 'elimination'],
  ['wish', 'wish'],
  ['normative', 'normative'],
  ['call', 'call-to-action'],
  ['second', 'second-person'],
  ['intent', 'first-person'],
];

export function formFromCues(cues: Cues, glorification: boolean): ThreatForm | undefined {
  if (glorification) return 'glorification';
  for (const [cue, form] of CUE_FORM) if (cues.forms[cue] > 0 && cue !== 'glorify') return form;
  if (cues.violent > 0) return cues.secondPerson ? 'second-person' : cues.thirdPerson ? 'normative' : 'first-person';
  return undefined;
}
