/** One arrival in the manager's list: progress, overdue steps, what is next; opens into the full path. */
import { Badge, Button, Card, Caption1, MessageBar, MessageBarActions, MessageBarBody, Subtitle1, Text } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { ArrivalSummary, Progress } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import { DocumentsCard } from '../../components/DocumentsCard/DocumentsCard';
import { PhaseList } from '../../components/PhaseList/PhaseList';
import { ProgressSummary } from '../../components/ProgressSummary/ProgressSummary';
import { ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import { useI18n } from '../../i18n/i18n-context';
import { usePlanState } from '../../state/use-plan-state';
import { useManagerViewStyles } from './ManagerView.styles';
import { NotificationsStatus } from './NotificationsStatus';

function ArrivalPlan(props: { onboardingId: string; onProgress(progress: Progress): void }) {
  const api = useTabApi();
  const { t, lang } = useI18n();
  const styles = useManagerViewStyles();
  const load = useCallback(() => api.plan(props.onboardingId), [api, props.onboardingId]);
  const plan = usePlanState(load, props.onProgress);
  if (plan.state.status === 'loading') return <LoadingState />;
  if (plan.state.status === 'error') return <ErrorState error={plan.state.error} onRetry={plan.reload} />;
  if (!plan.state.data) return null;
  return (
    <div className={styles.details}>
      {plan.tickFailure && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{t.tickFailed(plan.tickFailure.stepTitle, plan.tickFailure.error.localized(lang))}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={plan.dismissFailure}>{t.dismiss}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {plan.state.data.notifications && <NotificationsStatus notifications={plan.state.data.notifications} />}
      <PhaseList plan={plan.state.data} pending={plan.pending} onToggle={plan.toggle} headingLevel={3} />
      <DocumentsCard onboardingId={plan.state.data.id} documents={plan.state.data.documents} headingLevel={3} />
    </div>
  );
}

export interface ArrivalCardProps {
  arrival: ArrivalSummary;
  expanded: boolean;
  onToggleExpanded(onboardingId: string): void;
  onProgress(onboardingId: string, progress: Progress): void;
}

export function ArrivalCard(props: ArrivalCardProps) {
  const { t, formatDate } = useI18n();
  const styles = useManagerViewStyles();
  const { arrival } = props;
  const name = arrival.agent.displayName;
  const next = arrival.progress.nextDue;
  const detailsId = `arrival-${arrival.onboardingId}`;
  const onProgress = useCallback((p: Progress) => props.onProgress(arrival.onboardingId, p), [props.onProgress, arrival.onboardingId]);
  return (
    <li className={styles.item}>
      <Card role="region" aria-labelledby={`${detailsId}-name`}>
        <div className={styles.cardHeader}>
          <Subtitle1 as="h2" className={styles.name} id={`${detailsId}-name`}>
            {name}
          </Subtitle1>
          <Caption1 className={styles.muted}>
            {arrival.agent.jobTitle ?? ''} · {t.arrivalStarts(formatDate(arrival.startDate))}
          </Caption1>
        </div>
        <ProgressSummary progress={arrival.progress} label={t.arrivalProgressLabel(name)} />
        <div className={styles.facts}>
          {arrival.managerStepsOpen > 0 && (
            <Badge appearance="tint" color="brand">
              {t.managerStepsOpen(arrival.managerStepsOpen)}
            </Badge>
          )}
          <Text>{next ? t.nextStep(next.title, formatDate(next.dueDate)) : t.nothingNext}</Text>
        </div>
        <Button
          appearance="secondary"
          aria-expanded={props.expanded}
          aria-controls={detailsId}
          onClick={() => props.onToggleExpanded(arrival.onboardingId)}
        >
          {props.expanded ? t.hidePath(name) : t.showPath(name)}
        </Button>
        <div id={detailsId}>{props.expanded && <ArrivalPlan onboardingId={arrival.onboardingId} onProgress={onProgress} />}</div>
      </Card>
    </li>
  );
}
