/**
 * @jest-environment jsdom
 */
import '@testing-library/jest-dom/jest-globals';
import { describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ManagerView } from '../../../tabs/web/src/views/ManagerView/ManagerView';
import { makePlan } from '../../doubles/tab-api-double';
import { apiDouble, renderTab } from './render-tab';

function managerApi() {
  const api = apiDouble(null);
  const plan = makePlan('manager', 'onb-9');
  api.plans.set(plan.id, plan);
  api.arrivalsValue = [
    { onboardingId: plan.id, agent: plan.agent, status: 'in_progress', startDate: plan.startDate, templateName: plan.templateName, progress: plan.progress, managerStepsOpen: 1 },
  ];
  return api;
}

describe('ManagerView', () => {
  it("lists the manager's arrivals with progress, overdue steps and what is next", async () => {
    renderTab(<ManagerView />, managerApi());
    const card = await screen.findByRole('region', { name: 'Lucas Fontaine' });
    expect(within(card).getByRole('heading', { level: 2, name: 'Lucas Fontaine' })).toBeInTheDocument();
    expect(within(card).getByText('2 étapes faites sur 5')).toBeInTheDocument();
    expect(within(card).getByText('1 étape à toi')).toBeInTheDocument();
    expect(within(card).getByText(/^Prochaine étape : Installer Teams sur mon téléphone/)).toBeInTheDocument();
  });

  it('opens an arrival and ticks a manager step, updating its progress', async () => {
    const api = managerApi();
    renderTab(<ManagerView />, api);
    const toggle = await screen.findByRole('button', { name: 'Voir le parcours de Lucas Fontaine' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const box = await screen.findByRole('checkbox', { name: 'Accueil et visite du site' });
    // The agent's own steps are not the manager's to tick.
    expect(screen.queryByRole('checkbox', { name: 'Installer Teams sur mon téléphone' })).toBeNull();
    await userEvent.click(box);
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).toBeChecked();
    const card = screen.getByRole('region', { name: 'Lucas Fontaine' });
    expect(within(card).getAllByText('3 étapes faites sur 5').length).toBeGreaterThan(0);
    expect(api.calls).toContain('done onb-9-accueil');
  });

  it('says so when nobody is arriving', async () => {
    renderTab(<ManagerView />, apiDouble(null));
    expect(await screen.findByRole('heading', { name: 'Aucune arrivée' })).toBeInTheDocument();
  });

  it('shows the error and retries', async () => {
    const api = managerApi();
    api.failNextLoad = { code: 'EQP_ERR_INTERNAL', status: 500, fr: 'Erreur interne.', en: 'Internal error.' };
    renderTab(<ManagerView />, api, 'en');
    expect(await screen.findByRole('alert')).toHaveTextContent('Internal error.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('region', { name: 'Lucas Fontaine' })).toBeInTheDocument();
  });
});
