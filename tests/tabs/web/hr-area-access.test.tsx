/**
 * @jest-environment jsdom
 */
/**
 * The HR area for someone who is not an HR member: a clear "HR only" page, and no call to the HR
 * APIs (which would answer 403 and log errors in the browser).
 */
import '@testing-library/jest-dom/jest-globals';
import { describe, expect, it } from '@jest/globals';
import { screen, waitFor } from '@testing-library/react';
import type { MeResponse } from '../../../core/onboarding/types';
import { Page } from '../../../tabs/web/src/app/Session';
import { apiDouble, renderTab } from './render-tab';

const me = (roles: MeResponse['roles']): MeResponse => ({
  personId: 'p1', displayName: 'Jean-Marc Dupuis', upn: 'jm@x', via: 'local', roles, onboardingId: null, localMode: true,
});

describe('HR area access', () => {
  it('tells a manager the area is for HR only, in French and English, without calling HR APIs', async () => {
    const api = apiDouble();
    const { unmount } = renderTab(<Page page="hr" me={me(['manager'])} />, api);
    const region = screen.getByRole('region', { name: 'Espace réservé au service RH' });
    expect(region).toHaveTextContent("demande au service informatique de t'ajouter au groupe RH");
    expect(screen.queryByRole('tab')).toBeNull();
    unmount();
    renderTab(<Page page="hr" me={me(['agent'])} />, api, 'en');
    expect(screen.getByRole('region', { name: 'For the HR department only' })).toBeInTheDocument();
    expect(api.calls).not.toContain('templates');
  });

  it('shows the HR area with its templates to an HR member', async () => {
    const api = apiDouble();
    renderTab(<Page page="hr" me={me(['hr'])} />, api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Espace RH' })).toBeInTheDocument();
    expect(await screen.findByRole('tab', { name: 'Modèles de parcours' })).toBeInTheDocument();
    await waitFor(() => expect(api.calls).toContain('templates'));
  });
});
