import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, Text, Title2 } from '@fluentui/react-components';
import { ContactsCard } from '../../components/ContactsCard/ContactsCard';
import { DocumentsCard } from '../../components/DocumentsCard/DocumentsCard';
import { TeamCard } from '../../components/TeamCard/TeamCard';
import { PhaseList } from '../../components/PhaseList/PhaseList';
import { PracticalInfo } from '../../components/PracticalInfo/PracticalInfo';
import { ProgressSummary } from '../../components/ProgressSummary/ProgressSummary';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import type { I18n } from '../../i18n/i18n-context';
import type { AgentViewState } from './AgentView.types';
import type { useAgentViewStyles } from './AgentView.styles';

/** Renders the agent's path: loading, error, empty, or the plan. */
export function renderAgentView(state: AgentViewState, styles: ReturnType<typeof useAgentViewStyles>, i18n: I18n) {
  const { t, lang, formatDate } = i18n;
  if (state.state.status === 'loading') return <LoadingState />;
  if (state.state.status === 'error') {
    return (
      <main className={styles.root}>
        <ErrorState error={state.state.error} onRetry={state.reload} />
      </main>
    );
  }
  const plan = state.state.data;
  if (!plan) {
    return (
      <main>
        <EmptyState
          title={t.noPlanTitle}
          text={t.noPlanText}
          action={state.showManagerLink ? <Link href="/tab/manager">{t.goManager}</Link> : undefined}
        />
      </main>
    );
  }
  const firstName = plan.agent.displayName.split(' ')[0] ?? plan.agent.displayName;
  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <Title2 as="h1" className={styles.title}>
          {t.agentTitle}
        </Title2>
        <Text>{t.welcome(firstName)}</Text>
        <Text className={styles.muted}>
          {t.startDate(formatDate(plan.startDate))} · {plan.templateName}
        </Text>
        <ProgressSummary progress={plan.progress} label={t.progressLabel} />
      </header>
      {state.tickFailure && (
        <MessageBar intent="error" layout="multiline" role="alert" className={styles.alert}>
          <MessageBarBody>{t.tickFailed(state.tickFailure.stepTitle, state.tickFailure.error.localized(lang))}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={state.dismissFailure}>{t.dismiss}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <div className={styles.steps}>
        <PhaseList plan={plan} pending={state.pending} onToggle={state.toggle} />
      </div>
      <div className={styles.aside}>
        <DocumentsCard onboardingId={plan.id} documents={plan.documents} />
        <ContactsCard people={plan.people} />
        <TeamCard team={plan.team} />
        <PracticalInfo plan={plan} />
      </div>
    </main>
  );
}
