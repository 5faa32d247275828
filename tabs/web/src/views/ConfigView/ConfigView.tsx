/**
 * Configuration page of the channel tab (`configurationUrl` in the Teams manifest): saves the
 * manager view as the tab's content. Loaded as its own chunk.
 */
import { MessageBar, MessageBarBody, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useHost } from '../../host/host-context';
import { useI18n } from '../../i18n/i18n-context';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, maxWidth: '40rem' },
  title: { marginBlock: 0 },
});

/** Entity id of the channel tab; stable so Teams deep links keep working. */
export const CHANNEL_TAB_ENTITY_ID = 'equipage-arrivals';

export function ConfigView() {
  const host = useHost();
  const { t } = useI18n();
  const styles = useStyles();
  const sdk = host?.kind === 'teams' ? host.sdk : null;

  useEffect(() => {
    if (!sdk) return;
    const origin = window.location.origin;
    sdk.pages.config.registerOnSaveHandler((saveEvent) => {
      sdk.pages.config
        .setConfig({
          entityId: CHANNEL_TAB_ENTITY_ID,
          contentUrl: `${origin}/tab/manager`,
          websiteUrl: `${origin}/tab/manager`,
          suggestedDisplayName: t.configSuggestedName,
        })
        .then(
          () => saveEvent.notifySuccess(),
          (error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
        );
    });
    sdk.pages.config.setValidityState(true);
  }, [sdk, t]);

  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.title}>
        {t.configTitle}
      </Title2>
      {sdk ? (
        <Text>{t.configIntro}</Text>
      ) : (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t.configOnlyInTeams}</MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}

export default ConfigView;
