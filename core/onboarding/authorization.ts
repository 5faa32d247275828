/**
 * Who may read an onboarding and who may tick which step. One place for the rules, so every
 * surface applies the same ones:
 * - a plan is readable by its agent, the manager of the onboarding, and HR members;
 * - agent-owned steps are ticked by the agent, manager-owned steps by the manager of the
 *   onboarding, HR-owned steps by HR members; nobody ticks IT steps from the tab (IT does it
 *   in its own tools).
 */
import type { Caller } from '../auth/identity.js';
import type { Onboarding, OwnerRole } from '../storage/schema.js';
import type { ViewerRelation } from './types.js';

/** The fields of an onboarding the rules look at. */
export type OnboardingParties = Pick<Onboarding, 'person_id' | 'manager_id'>;

/** How `caller` relates to `onboarding`, or null when they may not read it. Self wins over manager wins over HR. */
export function viewerRelation(caller: Caller, onboarding: OnboardingParties): ViewerRelation | null {
  if (caller.personId !== null) {
    if (onboarding.person_id === caller.personId) return 'self';
    if (onboarding.manager_id !== null && onboarding.manager_id === caller.personId) return 'manager';
  }
  if (caller.hrMember) return 'hr';
  return null;
}

/** True when `caller` may tick or untick a step owned by `ownerRole` in `onboarding`. */
export function canToggleStep(caller: Caller, onboarding: OnboardingParties, ownerRole: OwnerRole): boolean {
  if (caller.personId === null) return false;
  switch (ownerRole) {
    case 'agent':
      return onboarding.person_id === caller.personId;
    case 'manager':
      return onboarding.manager_id !== null && onboarding.manager_id === caller.personId;
    case 'hr':
      return caller.hrMember;
    case 'it':
      return false;
  }
}
