/** Test fixtures of the documents feature: real PDFs made with pdf-lib, conversations, callers. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Kysely } from 'kysely';
import type { Caller } from '../../../core/auth/identity.js';
import type { Database, Person } from '../../../core/storage/schema.js';

/** A PDF whose pages print the given texts (one string per page). */
export async function makePdf(pages: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = doc.addPage([595, 842]);
    text.split('\n').forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 16, size: 11, font }));
  }
  return Buffer.from(await doc.save());
}

/** A payslip page as payroll software prints it. */
export function payslipPage(matricule: string, name: string, period: string, page = 1): string {
  return `Commune de Test - Bulletin de paie\nPériode : ${period}   Page ${page}\nMatricule : ${matricule}\nAgent : ${name}\nNet à payer : 1 834,52 €`;
}

/** The caller of a person, as the tab or the bot would build it. */
export function callerOf(person: Pick<Person, 'id' | 'entra_object_id' | 'upn' | 'display_name' | 'hr_member'>): Caller {
  return { personId: person.id, entraObjectId: person.entra_object_id, tenantId: null, upn: person.upn, displayName: person.display_name, hrMember: person.hr_member, via: 'entra' };
}

/** Stores a Teams conversation for a person (what the bot does on first contact). */
export async function addConversation(db: Kysely<Database>, personId: string, conversationId = `a:conv-${personId}`): Promise<void> {
  await db
    .insertInto('bot_conversations')
    .values({ person_id: personId, scope: 'personal', conversation_id: conversationId, service_url: 'http://127.0.0.1:9/', tenant_id: null, bot_id: '28:bot', user_id: `29:${personId}`, channel_id: 'msteams' })
    .execute();
}

/** A deterministic random integer generator (mulberry32): `rand(n)` is in [0, n). Failures replay. */
export function seededRandom(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (((x ^ (x >>> 14)) >>> 0) / 4294967296 * n) | 0;
  };
}
