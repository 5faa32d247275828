/** The agent's people: manager, HR contact and buddy, each with a Teams chat link. */
import { Caption1, Card, Link, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PersonSummary, PlanView } from '../../../../../core/onboarding/types';
import { useI18n } from '../../i18n/i18n-context';
import { PersonAvatar } from '../PersonAvatar/PersonAvatar';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  person: { listStyleType: 'none', display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  details: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** Deep link opening a 1:1 Teams chat with a person (works in Teams and in a browser). */
export function teamsChatLink(upn: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}`;
}

function Contact(props: { role: string; person: PersonSummary | null }) {
  const { t } = useI18n();
  const styles = useStyles();
  const { person } = props;
  return (
    <li className={styles.person}>
      <PersonAvatar person={person} />
      <div className={styles.details}>
        <Caption1 className={styles.muted}>{props.role}</Caption1>
        {person ? (
          <>
            <Text weight="semibold">{person.displayName}</Text>
            {person.jobTitle && <Caption1>{person.jobTitle}</Caption1>}
            <Link href={teamsChatLink(person.upn)} target="_blank" rel="noreferrer">
              {t.chat(person.displayName)}
            </Link>
          </>
        ) : (
          <Text>{t.noOne}</Text>
        )}
      </div>
    </li>
  );
}

export function ContactsCard(props: { people: PlanView['people'] }) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <Card role="region" aria-labelledby="contacts-title">
      <Subtitle2 as="h2" id="contacts-title">
        {t.peopleTitle}
      </Subtitle2>
      <ul className={styles.list}>
        <Contact role={t.manager} person={props.people.manager} />
        <Contact role={t.hrContact} person={props.people.hrContact} />
        <Contact role={t.buddy} person={props.people.buddy} />
      </ul>
    </Card>
  );
}
