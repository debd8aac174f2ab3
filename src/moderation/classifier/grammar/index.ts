import type { ScreenedLanguage } from '../../language.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import type { LanguageGrammar } from './types.js';

/** The grammar of threat shapes of each screened language; a post in another language is read with English's. */
export const GRAMMARS: Record<ScreenedLanguage, LanguageGrammar> = { de, en, es, fr, it, nl, pl, pt };
