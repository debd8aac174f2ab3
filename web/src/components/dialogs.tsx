import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { t } from '../lib/i18n';
import { setUi, toast, useUi } from '../lib/ui-state';
import { errorText, FormError } from './common';
import { Compose } from './compose';
import { Modal } from './modal';

export function ComposeDialog() {
  const ui = useUi();
  if (!ui.compose) return null;
  const r = ui.compose;
  const title = r.edit ? t('editPost') : r.replyTo ? t('reply') : r.quote ? t('quotePost') : t('newPost');
  return (
    <Modal title={title} onClose={() => setUi({ compose: null })}>
      <Compose request={r} autoFocus onDone={() => setUi({ compose: null })} />
    </Modal>
  );
}

const CATEGORIES = ['spam', 'violation', 'legal', 'other'] as const;

export function ReportDialog() {
  const ui = useUi();
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('spam');
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!ui.report) return null;
  const r = ui.report;
  const close = () => {
    setUi({ report: null });
    setComment('');
    setError(null);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setSending(true);
    setError(null);
    try {
      await api('/api/v1/reports', {
        body: { account_id: r.account.id, status_ids: r.status ? [r.status.id] : [], comment, category, forward: false },
      });
      toast(t('reportSent'));
      close();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal title={t('reportTitle', { name: r.account.acct })} onClose={close}>
      <form class="form" onSubmit={submit}>
        <fieldset>
          <legend>{t('reportWhy')}</legend>
          {CATEGORIES.map((c) => (
            <label key={c} class="radio">
              <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} /> {t(`report_${c}` as any)}
            </label>
          ))}
        </fieldset>
        <label for="report-comment">{t('reportComment')}</label>
        <textarea id="report-comment" class="input" rows={3} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        <FormError error={error} />
        <div class="form-actions">
          <button type="button" class="btn" onClick={close}>
            {t('cancel')}
          </button>
          <button type="submit" class="btn btn-primary" disabled={sending}>
            {t('sendReport')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
