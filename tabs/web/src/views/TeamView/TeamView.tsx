/**
 * The team's channel tab (`/tab/team?service=<id>`): who is joining the team, with their buddy
 * and overall progress. Loaded as its own chunk.
 */
import { Caption1, Card, ProgressBar, Field, Subtitle2, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { TeamArrival } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import { PersonAvatar } from '../../components/PersonAvatar/PersonAvatar';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import { useI18n } from '../../i18n/i18n-context';
import { asApiError, type LoadState } from '../../state/use-plan-state';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalM, maxWidth: '56rem', marginInline: 'auto' },
  title: { marginBlock: 0 },
  list: { margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 16rem), 1fr))' },
  item: { listStyleType: 'none' },
  head: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', overflowWrap: 'anywhere', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The service of the channel tab, from the page's query string. */
export function serviceOfLocation(search: string = window.location.search): string | null {
  return new URLSearchParams(search).get('service');
}

export function TeamView(props: { serviceId?: string | null }) {
  const api = useTabApi();
  const { t, formatDate } = useI18n();
  const styles = useStyles();
  const serviceId = props.serviceId === undefined ? serviceOfLocation() : props.serviceId;
  const [state, setState] = useState<LoadState<{ serviceName: string; arrivals: TeamArrival[] }>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!serviceId) return;
    let live = true;
    setState({ status: 'loading' });
    api.teamArrivals(serviceId).then(
      (data) => live && setState({ status: 'ready', data }),
      (e: unknown) => live && setState({ status: 'error', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, serviceId, attempt]);

  if (!serviceId) {
    return (
      <main className={styles.root}>
        <EmptyState title={t.configSuggestedName} text={t.noServiceChosen} />
      </main>
    );
  }
  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'error') {
    return (
      <main className={styles.root}>
        <ErrorState error={state.error} onRetry={() => setAttempt((n) => n + 1)} />
      </main>
    );
  }
  const { serviceName, arrivals } = state.data;
  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.title}>
        {t.teamArrivalsTitle(serviceName)}
      </Title2>
      {arrivals.length === 0 ? (
        <EmptyState title={t.noArrivalsTitle} text={t.noTeamArrivals} />
      ) : (
        <ul className={styles.list}>
          {arrivals.map((a) => (
            <li key={a.onboardingId} className={styles.item}>
              <Card role="region" aria-labelledby={`team-${a.onboardingId}`}>
                <div className={styles.head}>
                  <PersonAvatar person={a.agent} size={48} />
                  <div>
                    <Subtitle2 as="h2" id={`team-${a.onboardingId}`}>
                      {a.agent.displayName}
                    </Subtitle2>
                    {a.agent.jobTitle && <Caption1 className={styles.muted}>{a.agent.jobTitle}</Caption1>}
                  </div>
                </div>
                <Text>{t.arrivalStarts(formatDate(a.startDate))}</Text>
                {a.buddy && <Text>{t.buddyOf(a.buddy.displayName)}</Text>}
                <Field label={t.arrivalProgressLabel(a.agent.displayName)} validationMessage={t.percentDone(a.percent)} validationState="none">
                  <ProgressBar value={a.percent / 100} max={1} />
                </Field>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export default TeamView;
