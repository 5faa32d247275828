/**
 * @jest-environment jsdom
 */
import '@testing-library/jest-dom/jest-globals';
import { describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AgentView } from '../../../tabs/web/src/views/AgentView/AgentView';
import { deferred } from '../../doubles/tab-api-double';
import { apiDouble, renderTab } from './render-tab';

describe('AgentView', () => {
  it('shows a loading state, then the steps grouped by phase with who does what', async () => {
    const api = apiDouble();
    renderTab(<AgentView />, api);
    expect(screen.getByRole('status')).toHaveTextContent('Chargement');
    expect(await screen.findByRole('heading', { level: 1, name: 'Mon arrivée' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(
      expect.arrayContaining(["Avant l'arrivée", 'Premier jour', 'Première semaine', 'Tes contacts', 'Infos pratiques']),
    );
    const day1 = screen.getByRole('region', { name: 'Premier jour' });
    // The agent's own step is a checkbox; the manager's step says who is on it.
    expect(within(day1).getByRole('checkbox', { name: 'Installer Teams sur mon téléphone' })).not.toBeChecked();
    expect(within(day1).queryByRole('checkbox', { name: /Accueil/ })).toBeNull();
    expect(within(day1).getByText('Pris en charge par Jean-Marc Dupuis')).toBeInTheDocument();
    expect(within(day1).getByRole('link', { name: /En savoir plus/ })).toHaveAttribute('href', 'https://aka.ms/getteams');
    expect(screen.getByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByText('2 étapes faites sur 5')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Discuter avec Kévin Martin dans Teams' })).toHaveAttribute(
      'href',
      'https://teams.microsoft.com/l/chat/0/0?users=buddy-1%40commune.test',
    );
  });

  it('ticks a step at once, then keeps the server’s answer', async () => {
    const api = apiDouble();
    const hold = deferred<void>();
    api.holdNextChange = hold;
    renderTab(<AgentView />, api);
    const box = await screen.findByRole('checkbox', { name: 'Installer Teams sur mon téléphone' });
    await userEvent.click(box);
    // Optimistic: checked while the request is still pending, and not clickable twice.
    expect(box).toBeChecked();
    expect(box).toBeDisabled();
    expect(screen.getByText('3 étapes faites sur 5')).toBeInTheDocument();
    hold.resolve();
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).toBeChecked();
    expect(api.calls).toContain('done onb-1-teams');
  });

  it('rolls the tick back and says why when the server refuses', async () => {
    const api = apiDouble();
    api.failNextChange = { code: 'EQP_ERR_FORBIDDEN', status: 403, fr: "Vous n'avez pas accès à cette ressource.", en: 'You do not have access to this resource.' };
    renderTab(<AgentView />, api);
    const box = await screen.findByRole('checkbox', { name: 'Activer les notifications' });
    await userEvent.click(box);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("« Activer les notifications » n'a pas pu être enregistré : Vous n'avez pas accès à cette ressource.");
    expect(box).not.toBeChecked();
    expect(screen.getByText('2 étapes faites sur 5')).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Fermer' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('unticks a done step', async () => {
    const api = apiDouble();
    renderTab(<AgentView />, api);
    const box = await screen.findByRole('checkbox', { name: 'Installer Teams sur mon téléphone' });
    await userEvent.click(box);
    await waitFor(() => expect(box).toBeEnabled());
    await userEvent.click(box);
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).not.toBeChecked();
    expect(api.calls).toEqual(expect.arrayContaining(['done onb-1-teams', 'todo onb-1-teams']));
  });

  it('shows an error with a retry button when the plan cannot load', async () => {
    const api = apiDouble();
    api.failNextLoad = { code: 'NETWORK', status: 0, fr: 'Le serveur ne répond pas.', en: 'The server does not answer.' };
    renderTab(<AgentView />, api);
    expect(await screen.findByRole('alert')).toHaveTextContent('Le serveur ne répond pas.');
    await userEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Mon arrivée' })).toBeInTheDocument();
  });

  it('shows an empty state to someone without an onboarding, with the manager link when relevant', async () => {
    renderTab(<AgentView showManagerLink />, apiDouble(null));
    expect(await screen.findByRole('heading', { name: "Pas de parcours d'arrivée" })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Voir mes arrivées (responsable)' })).toHaveAttribute('href', '/tab/manager');
  });

  it('speaks English to an English Teams locale', async () => {
    renderTab(<AgentView />, apiDouble(), 'en');
    expect(await screen.findByRole('heading', { level: 1, name: 'My onboarding' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Before arrival' })).toBeInTheDocument();
    expect(screen.getByText('Jean-Marc Dupuis is on it')).toBeInTheDocument();
  });
});
