/** Renders a tab component inside the app's providers (Fluent theme, language, API). */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ApiProvider } from '../../../tabs/web/src/api/api-context';
import { ApiError, type TabApi } from '../../../tabs/web/src/api/tab-api';
import { I18nProvider } from '../../../tabs/web/src/i18n/i18n-context';
import type { Lang } from '../../../tabs/web/src/i18n/strings';
import { TabApiDouble } from '../../doubles/tab-api-double';
import type { PlanView } from '../../../core/onboarding/types';

/** A double API that throws the app's own {@link ApiError}. */
export function apiDouble(myPlan?: PlanView | null): TabApiDouble {
  const make = (code: string, status: number, fr: string, en: string) => new ApiError(code, status, fr, en);
  return myPlan === undefined ? new TabApiDouble(make) : new TabApiDouble(make, myPlan);
}

export function renderTab(ui: ReactElement, api: TabApi, lang: Lang = 'fr') {
  return render(
    <FluentProvider theme={teamsLightTheme}>
      <I18nProvider lang={lang}>
        <ApiProvider api={api}>{ui}</ApiProvider>
      </I18nProvider>
    </FluentProvider>,
  );
}
