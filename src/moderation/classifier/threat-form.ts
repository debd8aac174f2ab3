/**
 * Which threat form a post reads as, for the moderator who reviews it: the form heads of the model when it has
 * them (trained on Tribune's templates, where every sentence carries its form), else the form markers the rules
 * found ("i hope", "someone should", "we know where you live"...), the most specific first.
 */
import type { SparseVector } from './features.js';
import type { ThreatCue } from './lexicon/types.js';
import type { FormHeads } from './model-file.js';
import type { Cues } from './rules.js';
import { THREAT_FORMS, type ThreatForm } from './types.js';

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

/** The form head with the highest logit, over the features folded to the heads' size. */
export function formFromHeads(forms: FormHeads, x: SparseVector): ThreatForm | undefined {
  const mask = (1 << forms.bits) - 1;
  let best = -1;
  let bestZ = Number.NEGATIVE_INFINITY;
  forms.heads.forEach((head, k) => {
    let z = head.bias;
    for (let i = 0; i < x.idx.length; i++) z += (head.weights[(x.idx[i] as number) & mask] as number) * (x.val[i] as number);
    if (z > bestZ) {
      bestZ = z;
      best = k;
    }
  });
  const name = forms.names[best];
  return (THREAT_FORMS as readonly string[]).includes(name ?? '') ? (name as ThreatForm) : undefined;
}

/** Folds hashed features into 2^bits slots, for training the form heads. */
export function foldFeatures(x: SparseVector, bits: number): SparseVector {
  const mask = (1 << bits) - 1;
  return { idx: x.idx.map((i) => i & mask), val: x.val };
}
