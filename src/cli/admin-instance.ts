import { readFile, stat } from 'node:fs/promises';
import type { AppContext } from '../context.js';
import { findLocalUser } from '../domain/accounts/admin.service.js';
import { countActiveUsers } from '../domain/instance/instance.store.js';
import { type InstanceSettingsPatch, instanceSettings, updateInstanceSettings } from '../domain/instance/instance-settings.js';
import { countOpenCases, instanceCounts, usernameOf } from '../ops/ops.store.js';
import { actorOf } from './admin-accounts.js';
import { type AdminOptions, UsageError } from './admin-options.js';

// `tribune admin instance` (show or set the title, description, contact and rules) and `tribune admin stats`.

/** A rules file: one rule a line, its hint after " | "; blank lines and lines starting with # are skipped. */
export function parseRulesFile(text: string): Array<{ text: string; hint: string }> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [rule, ...hint] = l.split(' | ');
      return { text: rule!.trim(), hint: hint.join(' | ').trim() };
    });
}

export async function instanceCommand(ctx: AppContext, opts: AdminOptions): Promise<number> {
  const patch: InstanceSettingsPatch = {};
  if (opts.title !== undefined) patch.title = opts.title;
  if (opts.description !== undefined) patch.description = opts.description;
  if (opts.contactEmail !== undefined) patch.contactEmail = opts.contactEmail;
  if (opts.contactAccount !== undefined) patch.contactAccountId = (await findLocalUser(ctx, opts.contactAccount)).account.id;
  if (opts.rulesFile !== undefined) {
    let text: string;
    try {
      text = await readFile(opts.rulesFile, 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read the rules file ${opts.rulesFile}: ${(err as Error).message}`);
    }
    patch.rules = parseRulesFile(text);
  }
  const actor = await actorOf(ctx, opts);
  const changing = Object.keys(patch).length > 0;
  const view = changing ? await updateInstanceSettings(ctx, actor, patch) : await instanceSettings(ctx);
  if (changing)
    console.log(
      `Updated ${Object.keys(patch).join(', ')}${actor ? ` as @${opts.by!.replace(/^@/, '')}` : ''}. Written to the audit log; running servers show it within 5 seconds.`,
    );
  if (opts.json) {
    console.log(JSON.stringify(view));
    return 0;
  }
  const contact = view.contactAccountId ? await usernameOf(ctx.db, view.contactAccountId) : undefined;
  console.log(`Title:        ${view.title}`);
  console.log(`Description:  ${view.description}`);
  console.log(`Contact:      ${view.contactEmail || '(no e-mail)'}${contact ? `, @${contact}` : ''}`);
  console.log('Rules:');
  for (const r of view.rules) console.log(`  ${r.id}. ${r.text}${r.hint ? ` | ${r.hint}` : ''}`);
  return 0;
}

export async function statsCommand(ctx: AppContext, opts: AdminOptions): Promise<number> {
  const day = 86_400_000;
  const [counts, activeMonth, activeWeek, cases] = await Promise.all([
    instanceCounts(ctx.db),
    countActiveUsers(ctx.db, new Date(Date.now() - 30 * day).toISOString()),
    countActiveUsers(ctx.db, new Date(Date.now() - 7 * day).toISOString()),
    countOpenCases(ctx.db),
  ]);
  const sqliteFile = ctx.config.databaseUrl.startsWith('sqlite:') ? ctx.config.databaseUrl.slice('sqlite:'.length) : null;
  const bytes = sqliteFile
    ? await stat(sqliteFile).then(
        (s) => s.size,
        () => null,
      )
    : null;
  const stats = { ...counts, activeMonth, activeWeek, openCases: cases, database: ctx.dialect, databaseBytes: bytes };
  if (opts.json) {
    console.log(JSON.stringify(stats));
    return 0;
  }
  const queue = Object.entries(cases)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  console.log(`Accounts:           ${counts.accounts} (${counts.staff} staff, ${counts.awaitingApproval} awaiting approval)`);
  console.log(`Active:             ${activeWeek} this week, ${activeMonth} in 30 days`);
  console.log(`Moderated:          ${counts.suspended} suspended, ${counts.silenced} silenced, ${counts.disabled} disabled`);
  console.log(`Posts:              ${counts.posts}`);
  console.log(`Open reports:       ${counts.openReports}`);
  console.log(`Moderation queue:   ${queue || '0'} open case(s)`);
  console.log(`Database:           ${ctx.dialect}${bytes !== null ? `, ${(bytes / 1024 / 1024).toFixed(1)} MB` : ''}`);
  return 0;
}
