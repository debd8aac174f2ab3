/**
 * The rules a moderator cites with every action and a reporter may point at (Mastodon's Rule entity:
 * https://docs.joinmastodon.org/entities/Rule/). Ids are stable strings; `key` is the short name the
 * admin API also accepts.
 */
export interface ModerationRule {
  id: string;
  key: string;
  text: string;
  hint: string;
  /** Weight in the queue's ordering: calls to violence first. */
  severity: number;
}

export const MODERATION_RULES: readonly ModerationRule[] = [
  { id: '1', key: 'violence', text: 'No threats or calls to violence', hint: 'Threatening a person or a group, or urging others to attack them.', severity: 300 },
  { id: '2', key: 'glorification', text: 'No glorification of violent attacks', hint: 'Praising or celebrating an attack, its perpetrators or its victims’ suffering.', severity: 200 },
  { id: '3', key: 'harassment', text: 'No harassment or hate', hint: 'Targeted abuse, slurs, or dehumanising a group.', severity: 120 },
  { id: '4', key: 'illegal', text: 'Nothing illegal', hint: 'Content that breaks the law where this server runs.', severity: 150 },
  { id: '5', key: 'spam', text: 'No spam', hint: 'Unsolicited advertising, repeated posts, misleading links.', severity: 25 },
  { id: '6', key: 'other', text: 'Other', hint: 'Anything else a moderator judges against the server’s terms.', severity: 50 },
];

/** Finds a rule by id or key; undefined when unknown. */
export function findRule(idOrKey: string): ModerationRule | undefined {
  const k = idOrKey.trim().toLowerCase();
  return MODERATION_RULES.find((r) => r.id === k || r.key === k);
}

/** Queue weight of a classifier category or report category. */
export function categorySeverity(category: string): number {
  const rule = findRule(category);
  if (rule) return rule.severity;
  // Mastodon's report categories: https://docs.joinmastodon.org/methods/reports/#form-data-parameters
  if (category === 'legal') return 150;
  if (category === 'violation') return 100;
  if (category === 'spam') return 25;
  return 50;
}
