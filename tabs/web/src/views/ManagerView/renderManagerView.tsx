import { Button, Link, MessageBar, MessageBarBody, Title2 } from '@fluentui/react-components';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import type { TabStrings } from '../../i18n/strings';
import { ArrivalCard } from './ArrivalCard';
import { StartOnboardingForm } from './StartOnboardingForm';
import type { ManagerViewState } from './ManagerView.types';
import type { useManagerViewStyles } from './ManagerView.styles';

/** Renders the manager's arrivals: loading, error, empty, or the list. */
export function renderManagerView(state: ManagerViewState, styles: ReturnType<typeof useManagerViewStyles>, t: TabStrings) {
  if (state.state.status === 'loading') return <LoadingState />;
  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.title}>
        {t.managerTitle}
      </Title2>
      {state.started && (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>{t.startDone(state.started)}</MessageBarBody>
        </MessageBar>
      )}
      {state.starting ? (
        <StartOnboardingForm onStarted={state.onStarted} onCancel={() => state.setStarting(false)} />
      ) : (
        <div>
          <Button appearance="primary" onClick={() => state.setStarting(true)}>
            {t.startOpen}
          </Button>
        </div>
      )}
      {state.state.status === 'error' ? (
        <ErrorState error={state.state.error} onRetry={state.reload} />
      ) : state.state.data.length === 0 ? (
        <EmptyState title={t.noArrivalsTitle} text={t.noArrivalsText} action={<Link href="/tab/agent">{t.goAgent}</Link>} />
      ) : (
        <ul className={styles.list}>
          {state.state.data.map((a) => (
            <ArrivalCard
              key={a.onboardingId}
              arrival={a}
              expanded={state.expanded.has(a.onboardingId)}
              onToggleExpanded={state.toggleExpanded}
              onProgress={state.updateProgress}
            />
          ))}
        </ul>
      )}
    </main>
  );
}
