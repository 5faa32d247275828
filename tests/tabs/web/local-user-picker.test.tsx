/**
 * @jest-environment jsdom
 */
import '@testing-library/jest-dom/jest-globals';
import { describe, expect, it, jest } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LocalUsersResponse } from '../../../core/onboarding/types';
import { LocalUserPicker } from '../../../tabs/web/src/components/LocalUserPicker/LocalUserPicker';
import { apiDouble, renderTab } from './render-tab';

const USERS: LocalUsersResponse = {
  services: [
    { id: 's1', name: 'Voirie', people: [
      { id: 'p1', displayName: 'Jean-Marc Dupuis', jobTitle: "Chef d'équipe", upn: 'jm@x', roles: ['manager'] },
      { id: 'p2', displayName: 'Lucas Fontaine', jobTitle: 'Agent de voirie', upn: 'lf@x', roles: ['agent'] },
    ] },
    { id: 's2', name: 'Ressources humaines', people: [{ id: 'p3', displayName: 'Karim Benali', jobTitle: 'Gestionnaire RH', upn: 'kb@x', roles: ['hr'] }] },
  ],
};

describe('LocalUserPicker', () => {
  it('is clearly marked as unauthenticated and signs in as the chosen person', async () => {
    const onSelect = jest.fn<(id: string) => void>();
    renderTab(<LocalUserPicker users={USERS} onSelect={onSelect} />, apiDouble());
    expect(screen.getByRole('heading', { level: 1, name: 'Se connecter en tant que…' })).toBeInTheDocument();
    expect(screen.getByText('Mode local — sans authentification')).toBeInTheDocument();
    const select = screen.getByRole('combobox', { name: 'Personne' });
    // People are grouped by service and tagged with their roles; an arriving agent is proposed first.
    expect(within(select).getByRole('group', { name: 'Voirie' })).toBeInTheDocument();
    expect(select).toHaveValue('p2');
    await userEvent.selectOptions(select, within(select).getByRole('option', { name: /Karim Benali — Gestionnaire RH \(RH\)/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(onSelect).toHaveBeenCalledWith('p3');
  });
});
