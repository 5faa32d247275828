/** Loading, error and empty states, the same everywhere in the tab. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Subtitle1, Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { ApiError } from '../../api/tab-api';
import { useStateViewsStyles } from './StateViews.styles';

/** A labelled spinner, announced to screen readers. */
export function LoadingState(props: { label?: string }) {
  const { t } = useI18n();
  const styles = useStateViewsStyles();
  return (
    <div className={styles.center} role="status" aria-live="polite">
      <Spinner label={props.label ?? t.loading} />
    </div>
  );
}

/** An error with its message in the viewer's language and a retry button. */
export function ErrorState(props: { error: ApiError; onRetry?: () => void; title?: string }) {
  const { t, lang } = useI18n();
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.title ?? t.errorTitle}</MessageBarTitle>
        {props.error.localized(lang)}
      </MessageBarBody>
      {props.onRetry && (
        <MessageBarActions>
          <Button onClick={props.onRetry}>{t.retry}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/** Nothing to show, said kindly, with an optional action. */
export function EmptyState(props: { title: string; text: string; action?: ReactNode }) {
  const styles = useStateViewsStyles();
  return (
    <section className={styles.center} aria-label={props.title}>
      <Subtitle1 as="h2">{props.title}</Subtitle1>
      <Text className={styles.empty}>{props.text}</Text>
      {props.action}
    </section>
  );
}
