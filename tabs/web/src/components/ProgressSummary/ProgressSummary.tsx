/** Overall progress: a labelled progress bar, the count of steps done and the overdue ones. */
import { Badge, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import type { Progress } from '../../../../../core/onboarding/types';
import { useI18n } from '../../i18n/i18n-context';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export interface ProgressSummaryProps {
  progress: Progress;
  /** Accessible name of the bar. */
  label: string;
}

export function ProgressSummary(props: ProgressSummaryProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const { done, total, overdue } = props.progress;
  return (
    <div className={styles.root}>
      <Field label={props.label} validationMessage={t.progressValue(done, total)} validationState="none">
        <ProgressBar value={total === 0 ? 1 : done / total} max={1} thickness="large" />
      </Field>
      {overdue > 0 && (
        <div className={styles.row}>
          <Badge appearance="tint" color="danger">
            {t.overdueCount(overdue)}
          </Badge>
        </div>
      )}
    </div>
  );
}
