/**
 * "@Équipage canal équipe": a manager (or HR) makes this channel the one where their service's
 * new arrivals are introduced.
 */
import { checkTeamChannelDesignation, designateServiceChannel } from '../../core/onboarding/service-channels.js';
import { t } from '../i18n/strings.js';
import type { IncomingMessage } from './model.js';
import { targetOf } from './references.js';
import type { FlowDeps, Turn } from './turn.js';

/** Handles the designation command. */
export async function onDesignateTeamChannel(deps: FlowDeps, turn: Turn<IncomingMessage>): Promise<void> {
  const { person, lang, out, event } = turn;
  if (event.scope !== 'channel') return out.send({ kind: 'text', text: t(lang, 'teamChannelWrongScope') });
  if (!person) return out.send({ kind: 'text', text: t(lang, 'unknownPerson') });
  const check = await checkTeamChannelDesignation(deps.db, person.id);
  if (!check.ok) {
    const key = check.reason === 'no_service' ? 'teamChannelNoService' : 'teamChannelOnlyManagers';
    return out.send({ kind: 'text', text: t(lang, key) });
  }
  const target = targetOf(event.reference);
  delete target.userId;
  await designateServiceChannel(deps.db, { serviceId: check.serviceId, target, teamId: event.reference.teamId, teamsChannelId: event.reference.teamsChannelId }, person.id);
  await out.send({ kind: 'text', text: t(lang, 'teamChannelDesignated', { service: check.serviceName }) });
}
