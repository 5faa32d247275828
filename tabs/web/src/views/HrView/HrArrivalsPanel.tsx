/** Every arrival of the commune, filtered by service and status, exported as CSV. */
import { Button, Caption1, Field, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { HrArrival, OnboardingStatus, ServiceSummary } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import type { ApiError, HrArrivalsFilter } from '../../api/tab-api';
import { ProgressSummary } from '../../components/ProgressSummary/ProgressSummary';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import { useI18n } from '../../i18n/i18n-context';
import { asApiError, type LoadState } from '../../state/use-plan-state';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: {
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

const STATUSES: OnboardingStatus[] = ['planned', 'in_progress', 'completed', 'cancelled'];

export function HrArrivalsPanel() {
  const api = useTabApi();
  const { t, formatDate } = useI18n();
  const styles = useStyles();
  const [filter, setFilter] = useState<HrArrivalsFilter>({});
  const [services, setServices] = useState<ServiceSummary[]>([]);
  const [state, setState] = useState<LoadState<HrArrival[]>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [exportError, setExportError] = useState<ApiError | null>(null);

  useEffect(() => {
    api.services().then(setServices, () => setServices([]));
  }, [api]);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    api.hrArrivals(filter).then(
      (data) => live && setState({ status: 'ready', data }),
      (e: unknown) => live && setState({ status: 'error', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, filter, attempt]);

  const exportCsv = () => {
    setExportError(null);
    api.hrArrivalsCsv(filter).then(
      (csv) => {
        const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `arrivees.csv`;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      (e: unknown) => setExportError(asApiError(e)),
    );
  };

  return (
    <section className={styles.root} aria-label={t.tabArrivals}>
      <div className={styles.filters}>
        <Field label={t.filterService}>
          <Select value={filter.service ?? ''} onChange={(_e, d) => setFilter((f) => ({ ...f, service: d.value || undefined }))}>
            <option value="">{t.allOption}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t.filterStatus}>
          <Select value={filter.status ?? ''} onChange={(_e, d) => setFilter((f) => ({ ...f, status: (d.value || undefined) as OnboardingStatus | undefined }))}>
            <option value="">{t.allOption}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.status[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={exportCsv} disabled={state.status !== 'ready'}>
          {t.exportCsv}
        </Button>
      </div>
      {exportError && <ErrorState error={exportError} />}
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={() => setAttempt((n) => n + 1)} />}
      {state.status === 'ready' && state.data.length === 0 && <EmptyState title={t.tabArrivals} text={t.noHrArrivals} />}
      {state.status === 'ready' && state.data.length > 0 && (
        <ul className={styles.list}>
          {state.data.map((a) => (
            <li key={a.onboardingId} className={styles.item}>
              <Text weight="semibold">{a.agent.displayName}</Text>
              <Caption1 className={styles.muted}>
                {a.agent.jobTitle ?? ''} · {t.arrivalStarts(formatDate(a.startDate))} · {t.status[a.status]}
              </Caption1>
              <Caption1 className={styles.muted}>{t.arrivalLine(a.service?.name ?? '—', a.manager?.displayName ?? '—')}</Caption1>
              <ProgressSummary progress={a.progress} label={t.arrivalProgressLabel(a.agent.displayName)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
