/**
 * HR's template editor: name and job profile; phases and steps (title, owner, due offset, help,
 * link); documents to accept; practical information. Saving makes a new version; plans already
 * started keep theirs until HR applies the new one to them (below the form).
 */
import { Button, Caption1, Card, Checkbox, Field, Input, MessageBar, MessageBarBody, Select, Subtitle1, Subtitle2, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { PHASES, type TemplateContentView, type TemplateDetail } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import type { ApiError } from '../../api/tab-api';
import { ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import { useI18n } from '../../i18n/i18n-context';
import { asApiError, type LoadState } from '../../state/use-plan-state';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  grid: { display: 'grid', gap: tokens.spacingVerticalS, gridTemplateColumns: 'minmax(0, 1fr)', '@media (min-width: 40rem)': { gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' } },
  wide: { gridColumn: '1 / -1' },
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { listStyleType: 'none' },
  fieldset: { border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, margin: 0, minWidth: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  title: { marginBlock: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

const newKey = (prefix: string, taken: readonly string[]) => {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
};

export function TemplateEditor(props: { templateId: string; onClose(): void }) {
  const api = useTabApi();
  const { t, lang } = useI18n();
  const styles = useStyles();
  const [state, setState] = useState<LoadState<TemplateDetail>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [name, setName] = useState('');
  const [jobProfile, setJobProfile] = useState('');
  const [content, setContent] = useState<TemplateContentView>({ steps: [], documents: [], practical: [] });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const load = (detail: TemplateDetail) => {
    setState({ status: 'ready', data: detail });
    setName(detail.name);
    setJobProfile(detail.jobProfile);
    setContent(detail.content);
    setSelected(new Set(detail.plans.filter((p) => p.version < detail.version).map((p) => p.onboardingId)));
  };

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    api.template(props.templateId).then(
      (data) => live && load(data),
      (e: unknown) => live && setState({ status: 'error', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, props.templateId, attempt]);

  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={() => setAttempt((n) => n + 1)} />;
  const detail = state.data;

  const setStep = (i: number, patch: Partial<TemplateContentView['steps'][number]>) =>
    setContent((c) => ({ ...c, steps: c.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const setDoc = (i: number, patch: Partial<TemplateContentView['documents'][number]>) =>
    setContent((c) => ({ ...c, documents: c.documents.map((d, j) => (j === i ? { ...d, ...patch } : d)) }));
  const setPractical = (i: number, patch: Partial<TemplateContentView['practical'][number]>) =>
    setContent((c) => ({ ...c, practical: c.practical.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setNotice(null);
    api.saveTemplate(detail.id, { name, jobProfile, content, expectedVersion: detail.version }).then(
      (saved) => {
        load(saved);
        setSaving(false);
        setNotice(t.savedVersion(saved.version));
      },
      (e: unknown) => {
        setSaving(false);
        setError(asApiError(e));
      },
    );
  };

  const apply = () => {
    setSaving(true);
    setError(null);
    api.applyTemplate(detail.id, [...selected]).then(
      (result) => {
        setNotice(t.applied(result.applied.length));
        setSaving(false);
        setAttempt((n) => n + 1);
      },
      (e: unknown) => {
        setSaving(false);
        setError(asApiError(e));
      },
    );
  };

  return (
    <div className={styles.root}>
      <div className={styles.actions}>
        <Button onClick={props.onClose}>{t.backToList}</Button>
      </div>
      {notice && (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{error.localized(lang)}</MessageBarBody>
        </MessageBar>
      )}
      <form className={styles.root} onSubmit={save} aria-labelledby="editor-title">
        <Subtitle1 as="h2" id="editor-title" className={styles.title}>
          {detail.name}
        </Subtitle1>
        <Caption1 className={styles.muted}>{t.templateMeta(detail.jobProfile, detail.version, detail.content.steps.length)}</Caption1>
        <div className={styles.grid}>
          <Field label={t.templateName} required>
            <Input value={name} onChange={(_e, d) => setName(d.value)} />
          </Field>
          <Field label={t.jobProfile} required>
            <Input value={jobProfile} onChange={(_e, d) => setJobProfile(d.value)} />
          </Field>
        </div>

        <Subtitle2 as="h3">{t.stepsTitle}</Subtitle2>
        <ol className={styles.list}>
          {content.steps.map((s, i) => (
            <li key={s.key} className={styles.item}>
              <fieldset className={styles.fieldset}>
                <legend>{t.stepN(i + 1)}</legend>
                <div className={styles.grid}>
                  <Field label={t.stepTitle} required className={styles.wide}>
                    <Input value={s.title} onChange={(_e, d) => setStep(i, { title: d.value })} />
                  </Field>
                  <Field label={t.stepPhase}>
                    <Select value={s.phase} onChange={(_e, d) => setStep(i, { phase: d.value as (typeof PHASES)[number] })}>
                      {PHASES.map((p) => (
                        <option key={p} value={p}>
                          {t.phase[p]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={t.stepOwner}>
                    <Select value={s.ownerRole} onChange={(_e, d) => setStep(i, { ownerRole: d.value as typeof s.ownerRole })}>
                      {(['agent', 'manager', 'hr', 'it'] as const).map((r) => (
                        <option key={r} value={r}>
                          {t.roleOther[r]}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={t.stepOffset}>
                    <Input type="number" value={String(s.dueOffsetDays)} onChange={(_e, d) => setStep(i, { dueOffsetDays: Number.parseInt(d.value || '0', 10) || 0 })} />
                  </Field>
                  <Field label={t.stepLink}>
                    <Input type="url" value={s.link ?? ''} onChange={(_e, d) => setStep(i, { link: d.value })} />
                  </Field>
                  <Field label={t.stepHelp} className={styles.wide}>
                    <Textarea value={s.help ?? ''} onChange={(_e, d) => setStep(i, { help: d.value })} resize="vertical" />
                  </Field>
                </div>
                <Button appearance="subtle" onClick={() => setContent((c) => ({ ...c, steps: c.steps.filter((_x, j) => j !== i) }))}>
                  {t.removeStep(i + 1)}
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        <div className={styles.actions}>
          <Button
            onClick={() =>
              setContent((c) => ({ ...c, steps: [...c.steps, { key: newKey('etape', c.steps.map((s) => s.key)), phase: 'week1', title: '', ownerRole: 'manager', dueOffsetDays: 7 }] }))
            }
          >
            {t.addStep}
          </Button>
        </div>

        <Subtitle2 as="h3">{t.docsInTemplate}</Subtitle2>
        <ol className={styles.list}>
          {content.documents.map((d, i) => (
            <li key={`${d.key}-${i}`} className={styles.item}>
              <fieldset className={styles.fieldset}>
                <legend>{t.documentN(i + 1)}</legend>
                <div className={styles.grid}>
                  <Field label={t.documentKey}>
                    <Select value={d.key} onChange={(_e, v) => setDoc(i, { key: v.value })}>
                      {[...new Set([d.key, ...detail.availableDocuments.map((a) => a.key)])].map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label={t.documentTitle} required>
                    <Input value={d.title} onChange={(_e, v) => setDoc(i, { title: v.value })} />
                  </Field>
                </div>
                <Button appearance="subtle" onClick={() => setContent((c) => ({ ...c, documents: c.documents.filter((_x, j) => j !== i) }))}>
                  {t.removeDocument(i + 1)}
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        {detail.availableDocuments.some((a) => !content.documents.some((d) => d.key === a.key)) && (
          <div className={styles.actions}>
            <Button
              onClick={() => {
                const next = detail.availableDocuments.find((a) => !content.documents.some((d) => d.key === a.key))!;
                setContent((c) => ({ ...c, documents: [...c.documents, { key: next.key, title: next.title ?? next.key }] }));
              }}
            >
              {t.addDocument}
            </Button>
          </div>
        )}

        <Subtitle2 as="h3">{t.practicalInTemplate}</Subtitle2>
        <ol className={styles.list}>
          {content.practical.map((p, i) => (
            <li key={i} className={styles.item}>
              <fieldset className={styles.fieldset}>
                <legend>{t.practicalN(i + 1)}</legend>
                <div className={styles.grid}>
                  <Field label={t.practicalTitle2} required>
                    <Input value={p.title} onChange={(_e, v) => setPractical(i, { title: v.value })} />
                  </Field>
                  <Field label={t.practicalText} required className={styles.wide}>
                    <Textarea value={p.text} onChange={(_e, v) => setPractical(i, { text: v.value })} resize="vertical" />
                  </Field>
                </div>
                <Button appearance="subtle" onClick={() => setContent((c) => ({ ...c, practical: c.practical.filter((_x, j) => j !== i) }))}>
                  {t.removePractical(i + 1)}
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        <div className={styles.actions}>
          <Button onClick={() => setContent((c) => ({ ...c, practical: [...c.practical, { title: '', text: '' }] }))}>{t.addPractical}</Button>
        </div>
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={saving}>
            {t.save}
          </Button>
        </div>
      </form>

      <Card role="region" aria-labelledby="plans-title">
        <Subtitle2 as="h3" id="plans-title">
          {t.plansTitle}
        </Subtitle2>
        {detail.plans.length === 0 ? (
          <Caption1>{t.noPlans}</Caption1>
        ) : (
          <>
            <ul className={styles.list}>
              {detail.plans.map((p) => (
                <li key={p.onboardingId} className={styles.item}>
                  <Checkbox
                    checked={selected.has(p.onboardingId)}
                    disabled={p.version >= detail.version}
                    aria-label={t.selectPlan(p.agentName)}
                    label={`${p.agentName} — ${p.version >= detail.version ? t.upToDate : t.planVersion(p.version)}`}
                    onChange={(_e, d) =>
                      setSelected((prev) => {
                        const next = new Set(prev);
                        if (d.checked) next.add(p.onboardingId);
                        else next.delete(p.onboardingId);
                        return next;
                      })
                    }
                  />
                </li>
              ))}
            </ul>
            <div className={styles.actions}>
              <Button disabled={saving || selected.size === 0} onClick={apply}>
                {t.applyVersion}
              </Button>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
