import type { ScreenedLanguage } from '../../language.js';
import { en } from './en.js';
import { fr } from './fr.js';
import type { LanguageLexicon } from './types.js';

/** The word lists of each screened language that has them; a language without one is screened by the union of all. */
export const LEXICONS: Partial<Record<ScreenedLanguage, LanguageLexicon>> = { en, fr };
