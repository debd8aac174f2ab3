import type { ScreenedLanguage } from '../../language.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import type { LanguageLexicon } from './types.js';

/** The word lists of each screened language that has them; a language without one is screened by the union of all. */
export const LEXICONS: Partial<Record<ScreenedLanguage, LanguageLexicon>> = { de, en, es, fr, it, nl, pl, pt };
