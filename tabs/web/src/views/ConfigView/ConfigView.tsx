/**
 * Configuration page of the channel tab (`configurationUrl` in the Teams manifest): saves the
 * manager view as the tab's content. Loaded as its own chunk.
 */
import { Field, MessageBar, MessageBarBody, Select, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ServiceSummary } from '../../../../../core/onboarding/types';
import { createHttpTabApi } from '../../api/tab-api';
import { teamsAuth } from '../../app/teams-auth';
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
  const [services, setServices] = useState<ServiceSummary[]>([]);
  const [serviceId, setServiceId] = useState('');

  useEffect(() => {
    if (!sdk) return;
    createHttpTabApi(teamsAuth(sdk))
      .services()
      .then(setServices, () => setServices([]));
  }, [sdk]);

  useEffect(() => {
    if (!sdk) return;
    const origin = window.location.origin;
    // The channel tab shows the chosen service's arrivals to the team.
    const page = `${origin}/tab/team?service=${encodeURIComponent(serviceId)}`;
    sdk.pages.config.registerOnSaveHandler((saveEvent) => {
      sdk.pages.config
        .setConfig({
          entityId: `${CHANNEL_TAB_ENTITY_ID}-${serviceId}`,
          contentUrl: page,
          websiteUrl: page,
          suggestedDisplayName: t.configSuggestedName,
        })
        .then(
          () => saveEvent.notifySuccess(),
          (error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
        );
    });
    sdk.pages.config.setValidityState(serviceId !== '');
  }, [sdk, t, serviceId]);

  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.title}>
        {t.configTitle}
      </Title2>
      {sdk ? (
        <>
          <Text>{t.configNeedService}</Text>
          <Field label={t.pickService}>
            <Select value={serviceId} onChange={(_e, d) => setServiceId(d.value)}>
              <option value="">{t.choose}</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
        </>
      ) : (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t.configOnlyInTeams}</MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}

export default ConfigView;
