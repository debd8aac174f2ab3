import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';
import { Icon } from './common';

/** A native modal dialog: focus stays inside, Escape closes, focus returns where it was. */
export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const before = document.activeElement as HTMLElement | null;
    if (!el.open) el.showModal();
    // showModal() focuses the first button; the field marked for it should have the focus instead.
    const wanted = el.querySelector<HTMLTextAreaElement | HTMLInputElement>('[data-autofocus]');
    if (wanted) {
      wanted.focus();
      const end = wanted.value.length;
      wanted.setSelectionRange?.(end, end);
    }
    return () => before?.focus?.();
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes; Escape closes through onCancel
    <dialog
      ref={ref}
      class="modal"
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) props.onClose();
      }}
    >
      <div class="modal-head">
        <h2>{props.title}</h2>
        <button type="button" class="icon-btn" aria-label={t('close')} onClick={props.onClose}>
          <Icon name="close" />
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
