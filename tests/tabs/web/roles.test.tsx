/**
 * @jest-environment jsdom
 */
/**
 * Components by role, against the in-memory API: the agent accepts a document (optimistic, rolled
 * back on error); the manager starts an onboarding and sees acknowledgments and "not yet
 * reachable"; HR edits a template, applies it, filters arrivals; the team sees its arrivals.
 */
import '@testing-library/jest-dom/jest-globals';
import { describe, expect, it } from '@jest/globals';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TemplateDetail } from '../../../core/onboarding/types';
import { AgentView } from '../../../tabs/web/src/views/AgentView/AgentView';
import { HrView } from '../../../tabs/web/src/views/HrView/HrView';
import { ManagerView } from '../../../tabs/web/src/views/ManagerView/ManagerView';
import { TeamView } from '../../../tabs/web/src/views/TeamView/TeamView';
import { deferred, makePlan, PEOPLE } from '../../doubles/tab-api-double';
import { apiDouble, renderTab } from './render-tab';

describe('agent: documents to acknowledge', () => {
  it('accepts a document at once and keeps it when the server agrees', async () => {
    const api = apiDouble();
    const hold = deferred<void>();
    api.holdNextChange = hold;
    renderTab(<AgentView />, api);
    const region = await screen.findByRole('region', { name: 'Documents à lire et accepter' });
    expect(within(region).getByText('1 sur 2 accepté')).toBeInTheDocument();
    expect(within(region).getByRole('link', { name: 'Lire « Règlement intérieur »' })).toHaveAttribute('href', `/tab/documents/reglement/${'a'.repeat(64)}`);
    await userEvent.click(within(region).getByRole('button', { name: "J'ai lu et j'accepte « Règlement intérieur »" }));
    // Optimistic: shown accepted before the server answers.
    expect(within(region).getByText('2 sur 2 acceptés')).toBeInTheDocument();
    hold.resolve();
    await waitFor(() => expect(api.calls).toContain(`acknowledge onb-1 reglement ${'a'.repeat(64)}`));
    expect(within(region).queryByRole('button', { name: /J'ai lu et j'accepte/ })).toBeNull();
  });

  it('rolls the acceptance back and says why when the server refuses it', async () => {
    const api = apiDouble();
    api.failNextWrite = { code: 'EQP_ERR_DOCUMENT_VERSION_OUTDATED', status: 409, fr: 'Une nouvelle version est parue.', en: 'A new version was published.' };
    renderTab(<AgentView />, api);
    const region = await screen.findByRole('region', { name: 'Documents à lire et accepter' });
    await userEvent.click(within(region).getByRole('button', { name: "J'ai lu et j'accepte « Règlement intérieur »" }));
    expect(await within(region).findByRole('alert')).toHaveTextContent('Une nouvelle version est parue.');
    expect(within(region).getByText('1 sur 2 accepté')).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: "J'ai lu et j'accepte « Règlement intérieur »" })).toBeEnabled();
  });

  it('shows the team and asks again for a new version', async () => {
    const plan = makePlan('self');
    plan.documents[0] = { ...plan.documents[0]!, newVersion: true };
    renderTab(<AgentView />, apiDouble(plan), 'en');
    expect(await screen.findByText('New version: please read again')).toBeInTheDocument();
    const team = screen.getByRole('region', { name: 'Your team' });
    expect(within(team).getByRole('link', { name: 'Julien Petit' })).toHaveAttribute('href', expect.stringContaining('teams.microsoft.com/l/chat'));
  });
});

describe('manager: start an onboarding', () => {
  it('starts one for a report and shows it in the list', async () => {
    const api = apiDouble(null);
    renderTab(<ManagerView />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'Démarrer une arrivée' }));
    const form = await screen.findByRole('region', { name: 'Démarrer une arrivée' });
    await userEvent.click(within(form).getByRole('button', { name: 'Démarrer le parcours' }));
    expect(within(form).getAllByText('Choisis la personne, le parcours et la date.').length).toBeGreaterThan(0);
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Personne qui arrive/ }), 'new-1');
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Parcours/ }), 'tpl-1');
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Parrain ou marraine/ }), PEOPLE.buddy.id);
    await userEvent.click(within(form).getByRole('button', { name: 'Démarrer le parcours' }));
    expect(await screen.findByText('Le parcours de Mehdi Haddad est démarré.')).toBeInTheDocument();
    expect(api.started[0]).toMatchObject({ personId: 'new-1', templateId: 'tpl-1', buddyId: PEOPLE.buddy.id, hrContactId: null });
    const card = await screen.findByRole('region', { name: 'Mehdi Haddad' });
    // Opened at once, with the welcome's state and the acknowledgments.
    expect(await within(card).findByText(/pas encore joignable/)).toBeInTheDocument();
    expect(within(card).getByRole('region', { name: 'Documents à lire et accepter' })).toBeInTheDocument();
  });

  it('shows the server’s refusal in the form', async () => {
    const api = apiDouble(null);
    api.failNextWrite = { code: 'EQP_ERR_ONBOARDING_EXISTS', status: 409, fr: 'Mehdi Haddad a déjà un parcours.', en: 'Already has one.' };
    renderTab(<ManagerView />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'Démarrer une arrivée' }));
    const form = await screen.findByRole('region', { name: 'Démarrer une arrivée' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Personne qui arrive/ }), 'new-1');
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: /Parcours/ }), 'tpl-1');
    await userEvent.click(within(form).getByRole('button', { name: 'Démarrer le parcours' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Mehdi Haddad a déjà un parcours.');
  });
});

function hrApi() {
  const api = apiDouble(null);
  const tpl: TemplateDetail = {
    id: 'tpl-1',
    code: 'jardinier',
    name: 'Arrivée — jardinier',
    jobProfile: 'jardinier',
    version: 1,
    archived: false,
    steps: 1,
    plansOnOlderVersions: 0,
    content: { steps: [{ key: 'accueil', phase: 'day1', title: 'Accueil', ownerRole: 'manager', dueOffsetDays: 0 }], documents: [{ key: 'reglement', title: 'Règlement intérieur' }], practical: [] },
    availableDocuments: [{ key: 'reglement', title: null }, { key: 'charte', title: null }],
    plans: [{ onboardingId: 'onb-ines', agentName: 'Inès Boucher', startDate: '2026-03-06', status: 'in_progress', version: 1 }],
  };
  api.templatesValue.set(tpl.id, tpl);
  const plan = makePlan('manager', 'onb-hr');
  api.hrArrivalsValue = [
    { onboardingId: 'onb-hr', agent: plan.agent, status: 'in_progress', startDate: plan.startDate, templateName: plan.templateName, progress: plan.progress, managerStepsOpen: 1, service: { id: 'voirie', name: 'Voirie' }, manager: PEOPLE.manager },
    { onboardingId: 'onb-2', agent: PEOPLE.buddy, status: 'planned', startDate: '2026-04-01', templateName: 'x', progress: plan.progress, managerStepsOpen: 0, service: { id: 'ev', name: 'Espaces verts' }, manager: null },
  ];
  api.servicesValue = [{ id: 'voirie', name: 'Voirie' }, { id: 'ev', name: 'Espaces verts' }];
  return api;
}

describe('HR: templates and arrivals', () => {
  it('edits a template (new version), then applies it to a plan already started', async () => {
    const api = hrApi();
    renderTab(<HrView />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'Modifier Arrivée — jardinier' }));
    const title = await screen.findByRole('textbox', { name: /Intitulé/ });
    await userEvent.clear(title);
    await userEvent.type(title, 'Accueil aux serres');
    await userEvent.click(screen.getByRole('button', { name: 'Ajouter une info' }));
    const info = screen.getByRole('group', { name: 'Info 1' });
    await userEvent.type(within(info).getByRole('textbox', { name: /^Titre/ }), 'Parking');
    await userEvent.type(within(info).getByRole('textbox', { name: /^Texte/ }), 'Derrière les serres.');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText(/Modèle enregistré : version 2/)).toBeInTheDocument();
    const saved = api.templatesValue.get('tpl-1')!;
    expect(saved.content.steps[0]!.title).toBe('Accueil aux serres');
    expect(saved.content.practical).toEqual([{ title: 'Parking', text: 'Derrière les serres.' }]);
    const box = screen.getByRole('checkbox', { name: 'Mettre à jour le parcours de Inès Boucher' });
    expect(box).toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Appliquer la dernière version aux parcours cochés' }));
    expect(await screen.findByText('1 parcours mis à jour.')).toBeInTheDocument();
    expect(api.calls).toContain('apply tpl-1 onb-ines');
  });

  it('duplicates and archives from the list', async () => {
    const api = hrApi();
    renderTab(<HrView />, api);
    await userEvent.click(await screen.findByRole('button', { name: 'Dupliquer' }));
    expect(await screen.findByRole('heading', { name: 'Arrivée — jardinier (copie)' })).toBeInTheDocument();
    const original = screen.getByRole('region', { name: 'Arrivée — jardinier' });
    await userEvent.click(within(original).getByRole('button', { name: 'Archiver' }));
    expect(await within(screen.getByRole('region', { name: 'Arrivée — jardinier' })).findByText('Archivé')).toBeInTheDocument();
  });

  it('filters all arrivals by service and exports them', async () => {
    const api = hrApi();
    Object.assign(URL, { createObjectURL: () => 'blob:csv', revokeObjectURL: () => undefined });
    renderTab(<HrView />, api);
    await userEvent.click(await screen.findByRole('tab', { name: 'Toutes les arrivées' }));
    expect(await screen.findByText('Kévin Martin')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'voirie');
    await waitFor(() => expect(screen.queryByText('Kévin Martin')).toBeNull());
    expect(screen.getByText('Lucas Fontaine')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Exporter en CSV' }));
    await waitFor(() => expect(api.calls).toContain('hrArrivalsCsv voirie '));
  });

  it('shows the error and retries', async () => {
    const api = hrApi();
    api.failNextLoad = { code: 'EQP_ERR_FORBIDDEN', status: 403, fr: 'Accès refusé.', en: 'Forbidden.' };
    renderTab(<HrView />, api, 'en');
    expect(await screen.findByRole('alert')).toHaveTextContent('Forbidden.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('button', { name: 'Edit Arrivée — jardinier' })).toBeInTheDocument();
  });
});

describe('team channel tab', () => {
  it("lists the team's arrivals with their buddy and progress", async () => {
    const api = apiDouble(null);
    api.teamValue = { serviceName: 'Voirie', arrivals: [{ onboardingId: 'o1', agent: PEOPLE.agent, startDate: '2026-03-09', status: 'in_progress', buddy: PEOPLE.buddy, percent: 40 }] };
    renderTab(<TeamView serviceId="voirie" />, api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Arrivées — Voirie' })).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Lucas Fontaine' });
    expect(within(card).getByText('Parrain ou marraine : Kévin Martin')).toBeInTheDocument();
    expect(within(card).getByText('40 % du parcours')).toBeInTheDocument();
  });

  it('says when the tab has no service', async () => {
    renderTab(<TeamView serviceId={null} />, apiDouble(null));
    expect(await screen.findByText(/n'est lié à aucun service/)).toBeInTheDocument();
  });
});
