// Autocomplete in the composer's text box: accounts after `@` and hashtags after `#`, from the search API, picked
// with the arrow keys and Enter or Tab, or the mouse.
import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { SearchEntity } from '../lib/entities';
import { t } from '../lib/i18n';

interface Suggestion {
  key: string;
  insert: string;
  label: string;
  detail?: string;
}

/** The suggestions for the token before the caret in `area`; `setText` receives the text with one picked. */
export function useSuggestions(area: RefObject<HTMLTextAreaElement | null>, setText: (text: string) => void) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const searchSeq = useRef(0);

  const tokenAtCaret = (): { start: number; token: string } | null => {
    const el = area.current;
    if (!el) return null;
    const before = el.value.slice(0, el.selectionStart ?? el.value.length);
    const m = /(^|\s)([@#][\p{L}\p{N}_.@-]{1,40})$/u.exec(before);
    if (!m) return null;
    return { start: before.length - m[2]!.length, token: m[2]! };
  };

  const suggest = async () => {
    const tok = tokenAtCaret();
    const seq = ++searchSeq.current;
    if (!tok || tok.token.length < 2 || document.activeElement !== area.current) {
      setSuggestions([]);
      return;
    }
    const isTag = tok.token.startsWith('#');
    try {
      const res = await api<SearchEntity>('/api/v2/search', {
        query: { q: tok.token.slice(1), type: isTag ? 'hashtags' : 'accounts', limit: 5, resolve: false },
      });
      // A newer keystroke, or the focus gone elsewhere (the poll, another field): this answer is stale.
      if (seq !== searchSeq.current || document.activeElement !== area.current) return;
      const list: Suggestion[] = isTag
        ? (res.hashtags ?? []).map((h) => ({ key: `#${h.name}`, insert: `#${h.name} `, label: `#${h.name}` }))
        : (res.accounts ?? []).map((a) => ({ key: a.id, insert: `@${a.acct} `, label: a.display_name || a.username, detail: `@${a.acct}` }));
      setSuggestions(list);
      setActive(0);
    } catch {
      setSuggestions([]);
    }
  };

  const closeSuggestions = () => {
    searchSeq.current++;
    setSuggestions([]);
  };

  const pick = (s: Suggestion) => {
    const tok = tokenAtCaret();
    const el = area.current;
    if (!tok || !el) return;
    const caret = el.selectionStart ?? el.value.length;
    const next = el.value.slice(0, tok.start) + s.insert + el.value.slice(caret);
    setText(next);
    setSuggestions([]);
    requestAnimationFrame(() => {
      el.focus();
      const pos = tok.start + s.insert.length;
      el.setSelectionRange(pos, pos);
    });
  };

  /** The list's keys while it is open; true when the key was one of them. */
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!suggestions.length) return false;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((active + 1) % suggestions.length);
      return true;
    }
    if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((active - 1 + suggestions.length) % suggestions.length);
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(suggestions[active]!);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeSuggestions();
      return true;
    }
    return false;
  };

  return { suggestions, active, suggest, closeSuggestions, pick, onKeyDown };
}

export type Suggestions = ReturnType<typeof useSuggestions>;

/** The open list under the text box (a listbox the text box points to with aria-activedescendant). */
export function SuggestionList(props: { id: string; s: Suggestions }) {
  const { suggestions, active, pick } = props.s;
  if (suggestions.length === 0) return null;
  return (
    <div id={props.id} class="suggestions" role="listbox" aria-label={t('suggestions')}>
      {suggestions.map((s, i) => (
        <div
          key={s.key}
          tabIndex={-1}
          id={`${props.id}-${i}`}
          role="option"
          aria-selected={i === active}
          class={i === active ? 'active' : ''}
          onMouseDown={(e) => {
            e.preventDefault();
            pick(s);
          }}
        >
          <strong>{s.label}</strong> {s.detail && <span class="muted">{s.detail}</span>}
        </div>
      ))}
    </div>
  );
}
