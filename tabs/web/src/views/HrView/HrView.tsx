/** "Espace RH": onboarding templates and every arrival of the commune. Loaded as its own chunk. */
import { Tab, TabList, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { HrArrivalsPanel } from './HrArrivalsPanel';
import { TemplatesPanel } from './TemplatesPanel';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalM, maxWidth: '64rem', marginInline: 'auto', minWidth: 0 },
  title: { marginBlock: 0 },
  tabs: { flexWrap: 'wrap' },
});

export function HrView() {
  const { t } = useI18n();
  const styles = useStyles();
  const [tab, setTab] = useState<'templates' | 'arrivals'>('templates');
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
      </TabList>
      <div role="tabpanel" id="hr-panel" aria-labelledby={`hr-tab-${tab}`}>
        {tab === 'templates' ? <TemplatesPanel /> : <HrArrivalsPanel />}
      </div>
    </main>
  );
}

export default HrView;
