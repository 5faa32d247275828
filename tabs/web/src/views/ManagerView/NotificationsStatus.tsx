/** Whether the welcome message and the team introduction went out, or cannot yet. */
import { Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { NotificationsView } from '../../../../../core/onboarding/types';
import { useI18n } from '../../i18n/i18n-context';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function NotificationsStatus(props: { notifications: NotificationsView }) {
  const { t } = useI18n();
  const styles = useStyles();
  const { welcome, teamIntro } = props.notifications;
  return (
    <div className={styles.root}>
      <Text>
        {t.welcomeLabel}
        {t.labelSep}
        {t.notification[welcome]}
      </Text>
      <Text>
        {t.teamIntroLabel}
        {t.labelSep}
        {t.notification[teamIntro]}
      </Text>
      {(welcome === 'unreachable' || teamIntro === 'unreachable') && <Caption1 className={styles.muted}>{t.unreachableHint}</Caption1>}
    </div>
  );
}
