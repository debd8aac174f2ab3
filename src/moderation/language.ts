/**
 * A small language guess (en / fr / other) from stopwords and French letters.
 * It only needs to be right enough to report figures per language and to pick
 * thresholds; it runs on the raw text, before normalisation, to keep accents.
 */

export type Language = 'en' | 'fr' | 'other';

const EN = new Set(
  'the a an and or but is are was were be been am i you he she it we they me him her us them my your his their this that these those to of in on at for with from by not no never will would should can could do does did have has had what who when where why how if so just all get got going want gonna im dont cant wont its thats there here up out about like one'.split(
    ' ',
  ),
);
const FR = new Set(
  'a le la les un une des du de et ou mais est sont etait etre suis es je tu il elle on nous vous ils elles me te se moi toi lui leur mon ma mes ton ta tes son sa ses notre votre ce cet cette ces que qui quoi quand ou pourquoi comment si pas ne jamais rien plus avec sans pour par dans sur sous chez au aux en y vais va vas allons allez vont fait faire avoir ai as avons ont c ca cest jai jvais jte tas mdr ptdr wesh trop bien aussi tout tous toute toutes'.split(
    ' ',
  ),
);
// Words shared by both lists tell nothing, so they are left out of the count.
const SHARED = new Set([...EN].filter((w) => FR.has(w)));

export function detectLanguage(text: string): Language {
  const lower = text.toLowerCase();
  // French accents are strong evidence on short texts.
  const accents = (lower.match(/[éèêàùçâîôûëïœ]/g) ?? []).length;
  const words = lower
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, ' ')
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return 'other';
  let en = 0;
  let fr = 0;
  for (const w of words) {
    if (SHARED.has(w)) continue;
    if (EN.has(w)) en++;
    if (FR.has(w)) fr++;
  }
  fr += Math.min(accents, 3) * 0.75;
  // Mostly non-Latin script (Arabic, Cyrillic, CJK...): not en/fr.
  const latin = (lower.match(/[a-zà-ÿ]/g) ?? []).length;
  const letters = (lower.match(/\p{L}/gu) ?? []).length;
  if (letters > 0 && latin / letters < 0.5) return 'other';
  if (en === 0 && fr === 0) return 'other';
  return fr > en ? 'fr' : 'en';
}
