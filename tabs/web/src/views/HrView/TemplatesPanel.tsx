/** HR's list of templates: edit, duplicate, archive; opens the editor. */
import { Badge, Button, Caption1, Card, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { TemplateSummary } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import type { ApiError } from '../../api/tab-api';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews/StateViews';
import { useI18n } from '../../i18n/i18n-context';
import { asApiError, type LoadState } from '../../state/use-plan-state';
import { TemplateEditor } from './TemplateEditor';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { listStyleType: 'none' },
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
  title: { marginBlock: 0 },
});

export function TemplatesPanel() {
  const api = useTabApi();
  const { t } = useI18n();
  const styles = useStyles();
  const [state, setState] = useState<LoadState<TemplateSummary[]>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    api.templates().then(
      (data) => live && setState({ status: 'ready', data }),
      (e: unknown) => live && setState({ status: 'error', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  if (editing) {
    return (
      <TemplateEditor
        templateId={editing}
        onClose={() => {
          setEditing(null);
          reload();
        }}
      />
    );
  }
  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (state.data.length === 0) return <EmptyState title={t.tabTemplates} text={t.noPlans} />;

  const act = (id: string, run: () => Promise<unknown>) => {
    setBusy(id);
    setError(null);
    run().then(
      () => {
        setBusy(null);
        reload();
      },
      (e: unknown) => {
        setBusy(null);
        setError(asApiError(e));
      },
    );
  };

  return (
    <>
      {error && <ErrorState error={error} />}
      <ul className={styles.list}>
        {state.data.map((tpl) => (
          <li key={tpl.id} className={styles.item}>
            <Card role="region" aria-labelledby={`tpl-${tpl.id}`}>
              <div className={styles.head}>
                <Subtitle2 as="h2" id={`tpl-${tpl.id}`} className={styles.title}>
                  {tpl.name}
                </Subtitle2>
                {tpl.archived && (
                  <Badge appearance="tint" color="informative">
                    {t.archivedBadge}
                  </Badge>
                )}
                {tpl.plansOnOlderVersions > 0 && (
                  <Badge appearance="tint" color="warning">
                    {t.olderPlans(tpl.plansOnOlderVersions)}
                  </Badge>
                )}
              </div>
              <Caption1 className={styles.muted}>{t.templateMeta(tpl.jobProfile, tpl.version, tpl.steps)}</Caption1>
              <div className={styles.actions}>
                <Button appearance="primary" onClick={() => setEditing(tpl.id)} aria-label={t.edit(tpl.name)}>
                  {t.edit('').trim()}
                </Button>
                <Button disabled={busy === tpl.id} onClick={() => act(tpl.id, () => api.duplicateTemplate(tpl.id))}>
                  {t.duplicate}
                </Button>
                <Button disabled={busy === tpl.id} onClick={() => act(tpl.id, () => api.archiveTemplate(tpl.id, !tpl.archived))}>
                  {tpl.archived ? t.unarchive : t.archive}
                </Button>
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
