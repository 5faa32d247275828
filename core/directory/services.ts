/**
 * Services from Graph's `department`: matched by name, then by code (both case-insensitive), and
 * created when absent with a code derived from the name.
 */
import type { Service } from '../storage/schema.js';
import { stableId } from '../util/stable-id.js';

/** `Propreté urbaine` → `proprete-urbaine`. */
export function serviceCode(name: string): string {
  const code = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return code || 'service';
}

/** A service to create. */
export interface NewService {
  id: string;
  code: string;
  name: string;
}

/** Resolves department names to service ids, remembering the services it had to invent. */
export class ServiceResolver {
  private readonly byName = new Map<string, string>();
  private readonly byCode = new Map<string, string>();
  readonly created: NewService[] = [];

  constructor(existing: readonly Pick<Service, 'id' | 'code' | 'name'>[]) {
    for (const s of existing) {
      this.byName.set(s.name.trim().toLowerCase(), s.id);
      this.byCode.set(s.code.toLowerCase(), s.id);
    }
  }

  /** The service id of `department`, or null without a department. */
  resolve(department: string | null): string | null {
    if (!department) return null;
    const name = department.trim();
    const key = name.toLowerCase();
    const found = this.byName.get(key) ?? this.byCode.get(key) ?? this.byCode.get(serviceCode(name));
    if (found) return found;
    // Not found by its own code either, so that code is free.
    const code = serviceCode(name);
    const service = { id: stableId('service', code), code, name };
    this.created.push(service);
    this.byName.set(key, service.id);
    this.byCode.set(code, service.id);
    return service.id;
  }
}
