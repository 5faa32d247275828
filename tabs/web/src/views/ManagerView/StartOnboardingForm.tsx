/**
 * "Démarrer une arrivée": the person (one of the manager's reports; anyone for HR), the path by
 * job profile, the start date, the buddy and the HR contact. Part of the manager chunk.
 */
import { Button, Card, Field, Input, MessageBar, MessageBarBody, Select, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { StartOnboardingResponse, StartOptions } from '../../../../../core/onboarding/types';
import { todayInParis } from '../../../../../core/util/dates';
import { useTabApi } from '../../api/api-context';
import type { ApiError } from '../../api/tab-api';
import { ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import { useI18n } from '../../i18n/i18n-context';
import { asApiError, type LoadState } from '../../state/use-plan-state';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'minmax(0, 1fr)', '@media (min-width: 40rem)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' } },
  title: { marginBlock: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, gridColumn: '1 / -1' },
  full: { gridColumn: '1 / -1' },
});

export interface StartOnboardingFormProps {
  onStarted(result: StartOnboardingResponse, name: string): void;
  onCancel(): void;
}

export function StartOnboardingForm(props: StartOnboardingFormProps) {
  const api = useTabApi();
  const { t, lang } = useI18n();
  const styles = useStyles();
  const [options, setOptions] = useState<LoadState<StartOptions>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [personId, setPersonId] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [startDate, setStartDate] = useState(() => todayInParis());
  const [buddyId, setBuddyId] = useState('');
  const [hrContactId, setHrContactId] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let live = true;
    setOptions({ status: 'loading' });
    api.startOptions().then(
      (data) => live && setOptions({ status: 'ready', data }),
      (e: unknown) => live && setOptions({ status: 'error', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  if (options.status === 'loading') return <LoadingState />;
  if (options.status === 'error') return <ErrorState error={options.error} onRetry={() => setAttempt((n) => n + 1)} />;
  const data = options.data;
  const person = data.people.find((p) => p.id === personId);
  const buddies = data.buddies.filter((b) => b.id !== personId && (!person || b.serviceId === person.serviceId));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!personId || !templateId || !startDate) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setSaving(true);
    setError(null);
    api.startOnboarding({ personId, templateId, startDate, buddyId: buddyId || null, hrContactId: hrContactId || null }).then(
      (result) => props.onStarted(result, person?.displayName ?? ''),
      (e: unknown) => {
        setError(asApiError(e));
        setSaving(false);
      },
    );
  };

  return (
    <Card role="region" aria-labelledby="start-title">
      <Subtitle1 as="h2" id="start-title" className={styles.title}>
        {t.startTitle}
      </Subtitle1>
      {data.people.length === 0 ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t.startNoPeople}</MessageBarBody>
        </MessageBar>
      ) : (
        <form className={styles.form} onSubmit={submit} noValidate>
          <Field label={t.startPerson} required validationMessage={missing && !personId ? t.requiredFields : undefined}>
            <Select value={personId} onChange={(_e, d) => setPersonId(d.value)}>
              <option value="">{t.choose}</option>
              {data.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                  {p.jobTitle ? ` — ${p.jobTitle}` : ''}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t.startTemplate} required validationMessage={missing && !templateId ? t.requiredFields : undefined}>
            <Select value={templateId} onChange={(_e, d) => setTemplateId(d.value)}>
              <option value="">{t.choose}</option>
              {data.templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t.startDateLabel} required>
            <Input type="date" value={startDate} onChange={(_e, d) => setStartDate(d.value)} />
          </Field>
          <Field label={t.startBuddy}>
            <Select value={buddyId} onChange={(_e, d) => setBuddyId(d.value)}>
              <option value="">{t.noneOption}</option>
              {buddies.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.displayName}
                  {b.jobTitle ? ` — ${b.jobTitle}` : ''}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t.startHr}>
            <Select value={hrContactId} onChange={(_e, d) => setHrContactId(d.value)}>
              <option value="">{t.noneOption}</option>
              {data.hrContacts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.displayName}
                </option>
              ))}
            </Select>
          </Field>
          {error && (
            <MessageBar intent="error" layout="multiline" role="alert" className={styles.full}>
              <MessageBarBody>{error.localized(lang)}</MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={saving}>
              {t.startSubmit}
            </Button>
            <Button onClick={props.onCancel}>{t.cancel}</Button>
          </div>
        </form>
      )}
    </Card>
  );
}
