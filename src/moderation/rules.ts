import type { InstanceDeps } from '../domain/instance/instance.service.js';
import { instanceRules } from '../domain/instance/instance.service.js';

/**
 * The rule a moderator cites with every action, or a reporter points at. It is either one of the server's
 * rules (Mastodon's Rule entity, GET /api/v1/instance/rules, cited by id as clients do in rule_ids) or one
 * of the classifier's categories cited by key (violence, glorification, ...).
 */
export interface ResolvedRule {
  /** What is stored with the action: the server rule's id, or the category key. */
  id: string;
  text: string;
  hint: string;
  /** The moderation category the rule belongs to, for the queue's ordering. */
  category: string;
  severity: number;
}

/** Queue weights: calls to violence first. */
const CATEGORIES: Record<string, { text: string; severity: number }> = {
  violence: { text: 'Threat or call to violence', severity: 300 },
  glorification: { text: 'Glorification of a violent attack', severity: 200 },
  illegal: { text: 'Illegal content', severity: 150 },
  legal: { text: 'Illegal content', severity: 150 },
  harassment: { text: 'Harassment or hate', severity: 120 },
  violation: { text: 'Breaks a server rule', severity: 100 },
  other: { text: 'Other', severity: 50 },
  spam: { text: 'Spam', severity: 25 },
  strikes: { text: 'Too many confirmed violations', severity: 100 },
};

/** Queue weight of a classifier category, rule category or Mastodon report category. */
export function categorySeverity(category: string): number {
  return CATEGORIES[category]?.severity ?? 50;
}

// Server rules are free text an admin writes: their category is read from the words they use (English or French).
function categoryOfText(text: string): string {
  const t = text.toLowerCase();
  if (/violen|threat|menace|kill|tuer|incit/.test(t) && !/glorif|apolog/.test(t)) return 'violence';
  if (/glorif|apolog|terror/.test(t)) return 'glorification';
  if (/illegal|illégal|law|loi/.test(t)) return 'illegal';
  if (/harass|hate|harcèle|haine/.test(t)) return 'harassment';
  if (/spam|imperson|usurp/.test(t)) return 'spam';
  return 'violation';
}

export async function findRule(ctx: InstanceDeps, idOrKey: string): Promise<ResolvedRule | undefined> {
  const k = idOrKey.trim().toLowerCase();
  const server = (await instanceRules(ctx)).find((r) => r.id === k);
  if (server) {
    let category = categoryOfText(server.text);
    if (category === 'violation') category = categoryOfText(server.hint);
    return { id: server.id, text: server.text, hint: server.hint, category, severity: categorySeverity(category) };
  }
  const cat = CATEGORIES[k];
  if (cat) return { id: k, text: cat.text, hint: '', category: k, severity: cat.severity };
  return undefined;
}

/** Display text of a stored rule id, for the author's history and the transparency report. */
export async function ruleText(ctx: InstanceDeps, id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await findRule(ctx, id))?.text ?? id;
}
