/**
 * Which Microsoft 365 tenants may talk to the bot. `ALLOWED_TENANT_IDS` when set; otherwise the
 * tenants of the configured bot and Entra app; in local mode with neither, any tenant.
 */
import type { Config } from '../../core/config/config.js';

/** The allow-list in force; empty means "any tenant". */
export function allowedTenants(config: Pick<Config, 'allowedTenantIds' | 'bot' | 'entra'>): string[] {
  if (config.allowedTenantIds.length > 0) return config.allowedTenantIds.map((id) => id.toLowerCase());
  const configured = [config.bot?.tenantId, config.entra?.tenantId].filter((id): id is string => Boolean(id));
  return [...new Set(configured.map((id) => id.toLowerCase()))];
}

/** True when an activity from `tenantId` (undefined when the channel sent none) may be processed. */
export function isTenantAllowed(allowed: readonly string[], tenantId: string | undefined): boolean {
  if (allowed.length === 0) return true;
  return tenantId !== undefined && allowed.includes(tenantId.toLowerCase());
}
