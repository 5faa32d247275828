/**
 * "Bulletins de paie" (HR): the period and the payroll files, "Vérifier" → the same dry-run
 * report as `equipage documents import`, then "Publier" (confirmed) → what was published and who
 * was notified. Part of the HR chunk.
 */
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  mergeClasses,
} from '@fluentui/react-components';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { PayrollPreview, PayrollPublication } from '../../../../../../core/documents/payroll-types';
import { ErrorState, LoadingState } from '../../../components/StateViews/StateViews';
import { useI18n } from '../../../i18n/i18n-context';
import { payrollStrings, type PayrollStrings } from './payroll-strings';
import { usePayrollPanelStyles } from './PayrollPanel.styles';
import { usePayrollRun } from './use-payroll-run';

/** This month in Paris, `YYYY-MM` (the usual run). */
function currentPeriod(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

function Counts(props: { items: Array<{ label: string; value: number; warn?: boolean }> }) {
  const styles = usePayrollPanelStyles();
  return (
    <dl className={styles.counts}>
      {props.items.map((item) => (
        <div key={item.label} className={styles.count}>
          <dd className={mergeClasses(styles.countValue, item.warn && item.value > 0 ? styles.countWarn : undefined)}>{item.value}</dd>
          <dt>{item.label}</dt>
        </div>
      ))}
    </dl>
  );
}

/** A titled list, left out when empty. */
function ListSection(props: { title: string; lines: Array<{ key: string; text: ReactNode }>; note?: string }) {
  const styles = usePayrollPanelStyles();
  const id = useId();
  if (props.lines.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Subtitle2 as="h3" id={id} className={styles.heading}>
        {props.title} ({props.lines.length})
      </Subtitle2>
      {props.note && <Text className={styles.muted}>{props.note}</Text>}
      <ul className={styles.list}>
        {props.lines.map((line) => (
          <li key={line.key}>{line.text}</li>
        ))}
      </ul>
    </section>
  );
}

function Report(props: { report: PayrollPreview; s: PayrollStrings; lang: 'fr' | 'en' }) {
  const { report, s } = props;
  const expires = new Intl.DateTimeFormat(props.lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(report.expiresAt));
  const clean = report.unmatched.length === 0 && report.missing.length === 0 && report.duplicates.length === 0;
  return (
    <>
      <Counts
        items={[
          { label: s.matched, value: report.matched.length },
          { label: s.unmatched, value: report.unmatched.length, warn: true },
          { label: s.missing, value: report.missing.length, warn: true },
          { label: s.duplicates, value: report.duplicates.length, warn: true },
        ]}
      />
      {report.matched.length === 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{s.nothingToPublish}</MessageBarBody>
        </MessageBar>
      ) : (
        clean && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{s.allGood}</MessageBarBody>
          </MessageBar>
        )
      )}
      <ListSection title={s.unmatched} lines={report.unmatched.map((u, i) => ({ key: `${i}`, text: `${u.source} — ${s.reason[u.reason]}${u.detail ? ` (${u.detail})` : ''}` }))} />
      <ListSection title={s.duplicates} lines={report.duplicates.map((d) => ({ key: d.personId, text: `${d.matricule} ${d.displayName} — ${d.sources.join(', ')}` }))} />
      <ListSection title={s.missing} lines={report.missing.map((m) => ({ key: m.personId, text: `${m.matricule} ${m.displayName}` }))} />
      <ListSection
        title={s.alreadyPublished}
        note={s.alreadyNote(report.replace)}
        lines={report.alreadyPublished.map((a) => ({ key: a.personId, text: `${a.matricule} ${a.displayName} (version ${a.version})` }))}
      />
      <Text size={200}>{s.reportExpires(expires)}</Text>
    </>
  );
}

function Result(props: { result: PayrollPublication; s: PayrollStrings }) {
  const { result, s } = props;
  const notified = result.published.filter((p) => p.notification !== 'no_conversation');
  const notNotified = result.published.filter((p) => p.notification === 'no_conversation');
  return (
    <>
      <Counts
        items={[
          { label: s.published, value: result.published.length },
          { label: s.notified, value: notified.length },
          { label: s.notNotified, value: notNotified.length, warn: true },
          { label: s.failed, value: result.failed.length, warn: true },
        ]}
      />
      <ListSection title={s.notNotified} lines={notNotified.map((p) => ({ key: p.personId, text: `${p.matricule} ${p.displayName}` }))} />
      <ListSection title={s.skipped} lines={result.skipped.map((p) => ({ key: p.personId, text: `${p.matricule} ${p.displayName} — ${s.skippedReason[p.reason]}` }))} />
      <ListSection title={s.failed} lines={result.failed.map((f) => ({ key: f.personId, text: `${f.matricule} (${f.source}) — ${f.error}` }))} />
    </>
  );
}

/** The panel. */
export function PayrollPanel() {
  const { lang } = useI18n();
  const s = payrollStrings(lang);
  const styles = usePayrollPanelStyles();
  const run = usePayrollRun();
  const { state } = run;
  const [period, setPeriod] = useState(currentPeriod);
  const [files, setFiles] = useState<File[]>([]);
  const [replace, setReplace] = useState(false);
  const [missingInput, setMissingInput] = useState(false);
  const [fileKey, setFileKey] = useState(0);
  const titleId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period) || files.length === 0) {
      setMissingInput(true);
      return;
    }
    setMissingInput(false);
    run.check({ period, files, replace });
  };

  const startOver = () => {
    run.reset();
    setFiles([]);
    setFileKey((k) => k + 1);
  };

  const editable = state.step === 'input';
  return (
    <section className={styles.root} aria-labelledby={titleId}>
      <Subtitle2 as="h2" id={titleId} className={styles.heading}>
        {s.tab}
      </Subtitle2>
      <Text className={styles.muted}>{s.intro}</Text>
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field label={s.period} hint={s.periodHint} required>
          <Input type="month" value={period} disabled={!editable} onChange={(_e, d) => setPeriod(d.value)} />
        </Field>
        <Field label={s.files} hint={files.length > 0 ? s.chosenFiles(files.length) : s.filesHint} required>
          {(fieldProps) => (
            <input
              {...fieldProps}
              key={fileKey}
              type="file"
              className={styles.fileInput}
              accept=".zip,.pdf,application/zip,application/pdf"
              multiple
              disabled={!editable}
              onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
            />
          )}
        </Field>
        <Checkbox label={s.replace} checked={replace} disabled={!editable} onChange={(_e, d) => setReplace(d.checked === true)} />
        {missingInput && (
          <MessageBar intent="warning" layout="multiline" role="alert">
            <MessageBarBody>{s.needInput}</MessageBarBody>
          </MessageBar>
        )}
        {state.step === 'input' && state.error && <ErrorState error={state.error} />}
        <div className={styles.actions}>
          {editable ? (
            <Button appearance="primary" type="submit">
              {s.check}
            </Button>
          ) : (
            state.step !== 'checking' && state.step !== 'publishing' && <Button onClick={startOver}>{state.step === 'published' ? s.newRun : s.startOver}</Button>
          )}
        </div>
      </form>

      {state.step === 'checking' && <LoadingState label={s.checking} />}

      {(state.step === 'report' || state.step === 'publishing') && (
        <section className={styles.section} aria-label={s.reportTitle(state.report.period)}>
          <Subtitle2 as="h2" className={styles.heading}>
            {s.reportTitle(state.report.period)}
          </Subtitle2>
          <Report report={state.report} s={s} lang={lang} />
          {state.step === 'report' && state.error && <ErrorState error={state.error} />}
          {state.step === 'publishing' ? (
            <LoadingState label={s.publishing} />
          ) : (
            <div className={styles.actions}>
              <Dialog modalType="alert">
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="primary" disabled={state.report.matched.length === 0}>
                    {s.publish(state.report.matched.length)}
                  </Button>
                </DialogTrigger>
                <DialogSurface>
                  <DialogBody>
                    <DialogTitle>{s.confirmTitle}</DialogTitle>
                    <DialogContent>{s.confirmText(state.report.matched.length, state.report.period)}</DialogContent>
                    <DialogActions>
                      <DialogTrigger disableButtonEnhancement>
                        <Button appearance="secondary">{s.cancel}</Button>
                      </DialogTrigger>
                      <DialogTrigger disableButtonEnhancement>
                        <Button appearance="primary" onClick={run.publish}>
                          {s.confirm}
                        </Button>
                      </DialogTrigger>
                    </DialogActions>
                  </DialogBody>
                </DialogSurface>
              </Dialog>
            </div>
          )}
        </section>
      )}

      {state.step === 'published' && (
        <section className={styles.section} aria-label={s.resultTitle}>
          <Subtitle2 as="h2" className={styles.heading}>
            {s.resultTitle}
          </Subtitle2>
          <Result result={state.result} s={s} />
        </section>
      )}
    </section>
  );
}
