/** Practical information for the agent's site, from the template. */
import { Card, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PlanView } from '../../../../../core/onboarding/types';
import { useI18n } from '../../i18n/i18n-context';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { overflowWrap: 'anywhere' },
  term: { fontWeight: tokens.fontWeightSemibold },
});

export function PracticalInfo(props: { plan: PlanView }) {
  const { t } = useI18n();
  const styles = useStyles();
  const { plan } = props;
  return (
    <>
      <Card role="region" aria-labelledby="practical-title">
        <Subtitle2 as="h2" id="practical-title">
          {t.practicalTitle}
        </Subtitle2>
        <ul className={styles.list}>
          {plan.agent.site && (
            <li className={styles.item}>
              <Text className={styles.term}>{t.site}{t.labelSep}</Text>
              <Text>{plan.agent.site}</Text>
            </li>
          )}
          {plan.practical.map((p) => (
            <li key={p.title} className={styles.item}>
              <Text className={styles.term}>{p.title}{t.labelSep}</Text>
              <Text>{p.text}</Text>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
