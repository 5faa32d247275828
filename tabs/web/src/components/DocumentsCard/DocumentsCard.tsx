/**
 * Documents to read and acknowledge. The agent opens each one, then "J'ai lu et j'accepte":
 * the acceptance shows at once and is rolled back if the server refuses it. Others (manager,
 * HR) see who accepted what and when.
 */
import { Badge, Button, Caption1, Card, Link, MessageBar, MessageBarActions, MessageBarBody, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { DocumentView } from '../../../../../core/onboarding/types';
import { useTabApi } from '../../api/api-context';
import type { ApiError } from '../../api/tab-api';
import { useI18n } from '../../i18n/i18n-context';
import { asApiError } from '../../state/use-plan-state';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, overflowWrap: 'anywhere' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface DocumentsCardProps {
  onboardingId: string;
  documents: DocumentView[];
  /** Heading level of the card title (2 in the agent view, 3 inside an arrival). */
  headingLevel?: 2 | 3 | 4;
}

export function DocumentsCard(props: DocumentsCardProps) {
  const api = useTabApi();
  const { t, lang, formatDate } = useI18n();
  const styles = useStyles();
  const [docs, setDocs] = useState(props.documents);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState<{ title: string; error: ApiError } | null>(null);
  const pendingRef = useRef(new Set<string>());
  useEffect(() => setDocs(props.documents), [props.documents]);
  if (docs.length === 0) return null;
  const Heading = `h${props.headingLevel ?? 2}` as const;
  const accepted = docs.filter((d) => d.acknowledgedAt !== null).length;
  const titleId = `documents-title-${props.onboardingId}`;

  const accept = (doc: DocumentView) => {
    if (!doc.sha256 || pendingRef.current.has(doc.key)) return;
    pendingRef.current.add(doc.key);
    setPending(new Set(pendingRef.current));
    setFailure(null);
    const replace = (next: DocumentView) => setDocs((list) => list.map((d) => (d.key === doc.key ? next : d)));
    replace({ ...doc, acknowledgedAt: new Date().toISOString(), newVersion: false });
    api
      .acknowledge(props.onboardingId, doc.key, doc.sha256)
      .then(
        (result) => replace(result.document),
        (error: unknown) => {
          replace(doc);
          setFailure({ title: doc.title, error: asApiError(error) });
        },
      )
      .finally(() => {
        pendingRef.current.delete(doc.key);
        setPending(new Set(pendingRef.current));
      });
  };

  return (
    <Card role="region" aria-labelledby={titleId}>
      <Subtitle2 as={Heading} id={titleId}>
        {t.documentsTitle}
      </Subtitle2>
      <Caption1 className={styles.muted}>{t.documentsProgress(accepted, docs.length)}</Caption1>
      {failure && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{t.ackFailed(failure.title, failure.error.localized(lang))}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setFailure(null)}>{t.dismiss}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <ul className={styles.list}>
        {docs.map((d) => (
          <li key={d.key} className={styles.item}>
            {d.url ? (
              <Link href={d.url} target="_blank" rel="noreferrer" aria-label={t.openDocument(d.title)}>
                {d.title}
              </Link>
            ) : (
              <Text>{d.title}</Text>
            )}
            <div className={styles.row}>
              {d.acknowledgedAt ? (
                <Badge appearance="tint" color="success">
                  {t.acceptedOn(formatDate(d.acknowledgedAt.slice(0, 10)))}
                </Badge>
              ) : d.newVersion ? (
                <Badge appearance="tint" color="warning">
                  {t.newVersion}
                </Badge>
              ) : !d.url ? (
                <Caption1 className={styles.muted}>{t.documentMissing}</Caption1>
              ) : (
                !d.canAcknowledge && <Caption1 className={styles.muted}>{t.notAccepted}</Caption1>
              )}
              {d.canAcknowledge && !d.acknowledgedAt && (
                <Button appearance="primary" size="small" disabled={pending.has(d.key)} aria-label={t.acceptDocumentFor(d.title)} onClick={() => accept(d)}>
                  {t.acceptDocument}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
