/**
 * Who is using the tab. In Teams: SSO. Outside Teams: the local-mode picker when the server is
 * in local mode, otherwise a message to open the tab in Teams. Then the page for the path.
 */
import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LocalUsersResponse, MeResponse } from '../../../../core/onboarding/types';
import { ApiProvider } from '../api/api-context';
import { createHttpTabApi, fetchLocalUsers, type TabApi } from '../api/tab-api';
import { LocalUserPicker } from '../components/LocalUserPicker/LocalUserPicker';
import { EmptyState, ErrorState, LoadingState } from '../components/StateViews/StateViews';
import type { Host } from '../host/host';
import { useI18n } from '../i18n/i18n-context';
import { asApiError, type LoadState } from '../state/use-plan-state';
import { AgentView } from '../views/AgentView/AgentView';
import { localAuth, rememberedLocalUser, rememberLocalUser } from './local-identity';
import { pageOf, type TabPage } from './routes';
import { teamsAuth } from './teams-auth';

// The manager and configuration pages are separate chunks: the agent's first load stays small.
const ManagerView = lazy(() => import('../views/ManagerView/ManagerView'));
const ConfigView = lazy(() => import('../views/ConfigView/ConfigView'));
const HrView = lazy(() => import('../views/HrView/HrView'));
const TeamView = lazy(() => import('../views/TeamView/TeamView'));

const useStyles = makeStyles({
  banner: { margin: tokens.spacingHorizontalM },
  nav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, paddingInline: tokens.spacingHorizontalL },
});

/** The page of the path for the signed-in person; the HR area only for HR members. */
export function Page(props: { page: TabPage; me: MeResponse }) {
  const { t } = useI18n();
  // The HR area is for HR members only: say so instead of calling APIs that would answer 403.
  if (props.page === 'hr' && !props.me.roles.includes('hr')) {
    return <EmptyState title={t.hrOnlyTitle} text={t.hrOnlyText} />;
  }
  if (props.page === 'manager' || props.page === 'hr' || props.page === 'team') {
    return (
      <Suspense fallback={<LoadingState />}>
        {props.page === 'manager' ? <ManagerView /> : props.page === 'hr' ? <HrView /> : <TeamView />}
      </Suspense>
    );
  }
  return <AgentView showManagerLink={props.me.roles.includes('manager')} />;
}

/** Loads `/me` with the given API, then shows the page. */
function SignedIn(props: { api: TabApi; page: TabPage; banner?: ReactNode; nav: boolean }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [me, setMe] = useState<LoadState<MeResponse>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setMe({ status: 'loading' });
    props.api.me().then(
      (data) => live && setMe({ status: 'ready', data }),
      (error: unknown) => live && setMe({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [props.api, attempt]);

  return (
    <ApiProvider api={props.api}>
      {props.banner}
      {me.status === 'loading' && <LoadingState />}
      {me.status === 'error' && (
        <div className={styles.banner}>
          <ErrorState error={me.error} onRetry={() => setAttempt((n) => n + 1)} title={me.error.status === 401 ? t.ssoFailed : undefined} />
        </div>
      )}
      {me.status === 'ready' && (
        <>
          {props.nav && (
            <nav className={styles.nav} aria-label={t.nav}>
              <Link href="/tab/agent" aria-current={props.page === 'agent' ? 'page' : undefined}>
                {t.agentTitle}
              </Link>
              {me.data.roles.includes('manager') && (
                <Link href="/tab/manager" aria-current={props.page === 'manager' ? 'page' : undefined}>
                  {t.managerTitle}
                </Link>
              )}
              {me.data.roles.includes('hr') && (
                <Link href="/tab/hr" aria-current={props.page === 'hr' ? 'page' : undefined}>
                  {t.hrTitle}
                </Link>
              )}
            </nav>
          )}
          <Page page={props.page} me={me.data} />
        </>
      )}
    </ApiProvider>
  );
}

function TeamsSession(props: { host: Extract<Host, { kind: 'teams' }>; page: TabPage }) {
  const api = useMemo(() => createHttpTabApi(teamsAuth(props.host.sdk)), [props.host.sdk]);
  return <SignedIn api={api} page={props.page} nav={false} />;
}

function LocalSession(props: { page: TabPage }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [users, setUsers] = useState<LoadState<LocalUsersResponse | null>>({ status: 'loading' });
  const [personId, setPersonId] = useState<string | null>(() => rememberedLocalUser());
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setUsers({ status: 'loading' });
    fetchLocalUsers().then(
      (data) => live && setUsers({ status: 'ready', data }),
      (error: unknown) => live && setUsers({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  const select = useCallback((id: string | null) => {
    rememberLocalUser(id);
    setPersonId(id);
  }, []);
  const api = useMemo(() => (personId ? createHttpTabApi(localAuth(personId)) : null), [personId]);

  if (users.status === 'loading') return <LoadingState />;
  if (users.status === 'error') {
    return (
      <div className={styles.banner}>
        <ErrorState error={users.error} onRetry={() => setAttempt((n) => n + 1)} />
      </div>
    );
  }
  if (users.data === null) {
    return (
      <MessageBar intent="info" layout="multiline" className={styles.banner}>
        <MessageBarBody>
          <MessageBarTitle>{t.outsideTeams}</MessageBarTitle>
          {t.outsideTeamsText}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const person = users.data.services.flatMap((s) => s.people).find((p) => p.id === personId);
  if (!api || !person) return <LocalUserPicker users={users.data} initialPersonId={personId} onSelect={select} />;
  const banner = (
    <MessageBar intent="warning" layout="multiline" className={styles.banner}>
      <MessageBarBody>
        <MessageBarTitle>{t.localModeTitle}</MessageBarTitle>
        {t.signedInAs(person.displayName)}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => select(null)}>{t.switchUser}</Button>
      </MessageBarActions>
    </MessageBar>
  );
  return <SignedIn key={person.id} api={api} page={props.page} banner={banner} nav />;
}

export function Session(props: { host: Host }) {
  const page = pageOf(window.location.pathname);
  if (page === 'config') {
    return (
      <Suspense fallback={<LoadingState />}>
        <ConfigView />
      </Suspense>
    );
  }
  return props.host.kind === 'teams' ? <TeamsSession host={props.host} page={page} /> : <LocalSession page={page} />;
}
