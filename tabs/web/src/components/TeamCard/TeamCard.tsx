/** The agent's team: their service and colleagues, each with a one-tap Teams chat. */
import { Caption1, Card, Link, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PlanView } from '../../../../../core/onboarding/types';
import { useI18n } from '../../i18n/i18n-context';
import { teamsChatLink } from '../ContactsCard/ContactsCard';
import { PersonAvatar } from '../PersonAvatar/PersonAvatar';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  person: { listStyleType: 'none', display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  details: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function TeamCard(props: { team: PlanView['team'] }) {
  const { t } = useI18n();
  const styles = useStyles();
  const { team } = props;
  return (
    <Card role="region" aria-labelledby="team-title">
      <Subtitle2 as="h2" id="team-title">
        {t.teamTitle}
      </Subtitle2>
      {team.serviceName && <Caption1 className={styles.muted}>{t.teamService(team.serviceName)}</Caption1>}
      {team.members.length === 0 ? (
        <Text>{t.noTeamMembers}</Text>
      ) : (
        <ul className={styles.list}>
          {team.members.map((m) => (
            <li key={m.id} className={styles.person}>
              <PersonAvatar person={m} size={32} />
              <div className={styles.details}>
                <Link href={teamsChatLink(m.upn)} target="_blank" rel="noreferrer">
                  {m.displayName}
                </Link>
                {m.jobTitle && <Caption1 className={styles.muted}>{m.jobTitle}</Caption1>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
