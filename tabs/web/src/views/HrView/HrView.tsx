/** "Espace RH": onboarding templates, every arrival of the commune, payslips. Loaded as its own chunk. */
import { Tab, TabList, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { HrArrivalsPanel } from './HrArrivalsPanel';
import { PayrollPanel } from './PayrollPanel/PayrollPanel';
import { payrollStrings } from './PayrollPanel/payroll-strings';
import { TemplatesPanel } from './TemplatesPanel';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalM, maxWidth: '64rem', marginInline: 'auto', minWidth: 0 },
  title: { marginBlock: 0 },
  tabs: { flexWrap: 'wrap' },
});

export function HrView() {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const [tab, setTab] = useState<'templates' | 'arrivals' | 'payroll'>('templates');
  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.title}>
        {t.hrTitle}
      </Title2>
      <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_e, d) => setTab(d.value as typeof tab)}>
        <Tab value="templates" id="hr-tab-templates" aria-controls="hr-panel">
          {t.tabTemplates}
        </Tab>
        <Tab value="arrivals" id="hr-tab-arrivals" aria-controls="hr-panel">
          {t.tabArrivals}
        </Tab>
        <Tab value="payroll" id="hr-tab-payroll" aria-controls="hr-panel">
          {payrollStrings(lang).tab}
        </Tab>
      </TabList>
      <div role="tabpanel" id="hr-panel" aria-labelledby={`hr-tab-${tab}`}>
        {tab === 'templates' ? <TemplatesPanel /> : tab === 'arrivals' ? <HrArrivalsPanel /> : <PayrollPanel />}
      </div>
    </main>
  );
}

export default HrView;
