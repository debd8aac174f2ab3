// The moderators' figures at a glance: the public transparency report's months as charts (/about/transparency.json).
import { useEffect, useState } from 'preact/hooks';
import { BarChart } from '../components/bar-chart';
import { ErrorBox, Loading } from '../components/common';
import { api } from '../lib/api';
import { getLang, t } from '../lib/i18n';

interface Month {
  month: string;
  posts_screened: number;
  posts_held: number;
  posts_refused: number;
  posts_released_after_review: number;
  reports_received: number;
  median_seconds_report_to_action: number | null;
  appeals_received: number;
  appeals_upheld: number;
}

const duration = (s: number) => (s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(s < 36000 ? 1 : 0)} h`);

export function FiguresScreen() {
  const [months, setMonths] = useState<Month[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ months: Month[] }>('/about/transparency.json').then((r) => setMonths(r.months), setError);
  }, []);
  if (error) return <ErrorBox error={error} />;
  if (!months) return <Loading />;
  // The last twelve months, oldest first.
  const recent = months.slice(0, 12).reverse();
  const labels = recent.map((m) => new Date(`${m.month}-01T00:00:00Z`).toLocaleDateString(getLang(), { month: 'short', timeZone: 'UTC' }));
  const empty = t('figNothingYet');
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{t('figTitle')}</h2>
      <p class="muted">
        {t('figHint')} <a href="/about/transparency">{t('figPublic')}</a>
      </p>
      <div class="charts">
        <BarChart title={t('figScreened')} labels={labels} empty={empty} series={[{ name: t('figScreened'), values: recent.map((m) => m.posts_screened) }]} />
        <BarChart
          title={t('figHeldRefused')}
          labels={labels}
          empty={empty}
          series={[
            { name: t('figHeld'), values: recent.map((m) => m.posts_held) },
            { name: t('figRefused'), values: recent.map((m) => m.posts_refused) },
            { name: t('figReleased'), values: recent.map((m) => m.posts_released_after_review) },
          ]}
        />
        <BarChart title={t('figReports')} labels={labels} empty={empty} series={[{ name: t('figReports'), values: recent.map((m) => m.reports_received) }]} />
        <BarChart
          title={t('figResponse')}
          labels={labels}
          empty={empty}
          format={duration}
          series={[{ name: t('figResponse'), values: recent.map((m) => m.median_seconds_report_to_action) }]}
        />
        <BarChart
          title={t('figAppeals')}
          labels={labels}
          empty={empty}
          series={[
            { name: t('figAppealsReceived'), values: recent.map((m) => m.appeals_received) },
            { name: t('figReversed'), values: recent.map((m) => m.appeals_upheld) },
          ]}
        />
      </div>
    </section>
  );
}
