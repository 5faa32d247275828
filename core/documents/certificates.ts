/**
 * Certificates generated on demand from HR data ("attestation employeur", "certificat de travail"):
 * a PDF with the commune's letterhead, the agent's name, job, service, start date and issue date,
 * and a verification code with its URL. `GET /verify/{code}` tells anyone holding the PDF to whom
 * and when it was issued, and whether their file's SHA-256 is the one we issued.
 */
import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { CertificateKind } from '../storage/schema.js';

/** Crockford base32, without I, L, O, U: codes read aloud or retyped from paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new verification code, 60 random bits: `XXXX-XXXX-XXXX`. */
export function newVerificationCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) out += ALPHABET[bytes[i]! & 31];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/** Normalizes a typed code (`abcd efgh-jk1o` → `ABCD-EFGH-JK10`), or `undefined` when malformed. */
export function normalizeVerificationCode(input: string): string | undefined {
  const raw = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(raw)) return undefined;
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

/** Titles of each kind. */
export const CERTIFICATE_TITLES: Record<CertificateKind, { fr: string; en: string; file: string }> = {
  attestation_employeur: { fr: 'Attestation employeur', en: 'Employer certificate', file: 'attestation-employeur' },
  certificat_travail: { fr: 'Certificat de travail', en: 'Certificate of employment', file: 'certificat-de-travail' },
};

export interface CertificateContent {
  kind: CertificateKind;
  communeName: string;
  displayName: string;
  jobTitle: string | null;
  serviceName: string | null;
  /** ISO date. */
  hireDate: string | null;
  /** ISO date, for someone who left. */
  leftAt: string | null;
  issuedAt: Date;
  code: string;
  verifyUrl: string;
}

function frenchDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(`${iso}T12:00:00Z`) : iso;
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** Text the standard font can draw: characters outside WinAnsi lose their accents, or become `?`. */
function drawable(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      const plain = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      try {
        font.encodeText(plain);
        out += plain;
      } catch {
        out += '?';
      }
    }
  }
  return out;
}

/** Generates the certificate PDF. */
export async function generateCertificatePdf(content: CertificateContent): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const title = CERTIFICATE_TITLES[content.kind];
  doc.setTitle(`${title.fr} — ${content.displayName}`);
  doc.setAuthor(content.communeName);
  doc.setCreator('Équipage');
  doc.setSubject(`Code de vérification ${content.code}`);
  doc.setCreationDate(content.issuedAt);
  doc.setModificationDate(content.issuedAt);
  const page = doc.addPage([595.28, 841.89]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const dark = rgb(0.1, 0.15, 0.3);
  let y = 790;
  const line = (text: string, options: { font?: PDFFont; size?: number; gap?: number; color?: ReturnType<typeof rgb> } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    // Wraps long lines on words.
    const words = drawable(font, text).split(' ');
    let current = '';
    const flush = () => {
      page.drawText(current, { x: 60, y, size, font, color: options.color ?? rgb(0, 0, 0) });
      y -= size + 5;
      current = '';
    };
    for (const word of words) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > 475 && current) {
        flush();
        current = word;
      } else current = next;
    }
    if (current) flush();
    y -= options.gap ?? 0;
  };

  // Letterhead.
  page.drawRectangle({ x: 0, y: 770, width: 595.28, height: 72, color: dark });
  page.drawText(drawable(bold, content.communeName), { x: 60, y: 805, size: 18, font: bold, color: rgb(1, 1, 1) });
  page.drawText('Direction des ressources humaines', { x: 60, y: 785, size: 10, font: regular, color: rgb(1, 1, 1) });
  y = 720;
  line(title.fr, { font: bold, size: 20, gap: 4 });
  line(title.en, { size: 11, color: rgb(0.35, 0.35, 0.35), gap: 24 });

  const since = content.hireDate ? frenchDate(content.hireDate) : 'une date non renseignée';
  const job = content.jobTitle ?? 'agent';
  const service = content.serviceName ? ` au sein du service ${content.serviceName}` : '';
  if (content.kind === 'certificat_travail' && content.leftAt) {
    line(`Je soussigné(e), pour ${content.communeName}, certifie que ${content.displayName} a été employé(e) par la collectivité du ${since} au ${frenchDate(content.leftAt)}, en qualité de ${job}${service}.`, { gap: 10 });
  } else {
    line(`Je soussigné(e), pour ${content.communeName}, ${content.kind === 'certificat_travail' ? 'certifie' : 'atteste'} que ${content.displayName} est employé(e) par la collectivité depuis le ${since}, en qualité de ${job}${service}.`, { gap: 10 });
  }
  line('Cette attestation est délivrée à la demande de l’intéressé(e) pour servir et valoir ce que de droit.', { gap: 20 });
  line(`Nom / Name : ${content.displayName}`);
  line(`Emploi / Job : ${job}`);
  if (content.serviceName) line(`Service : ${content.serviceName}`);
  line(`Date d’entrée / Start date : ${content.hireDate ? frenchDate(content.hireDate) : '—'}`);
  if (content.leftAt) line(`Date de sortie / End date : ${frenchDate(content.leftAt)}`);
  line(`Délivré le / Issued on : ${frenchDate(content.issuedAt)}`, { gap: 30 });
  line(`Fait à ${content.communeName.replace(/^(Ville|Commune) d(e |’|')/i, '')}, le ${frenchDate(content.issuedAt)}.`, { gap: 8 });
  line('Pour le maire et par délégation, la direction des ressources humaines.', { gap: 60 });

  // Verification block.
  page.drawRectangle({ x: 50, y: 60, width: 495, height: 90, borderColor: dark, borderWidth: 1 });
  y = 128;
  line(`Code de vérification / Verification code : ${content.code}`, { font: bold, size: 12 });
  line('Vérifiez l’authenticité de ce document / Check this document is authentic :', { size: 9 });
  line(content.verifyUrl, { size: 9, color: dark });
  return Buffer.from(await doc.save());
}
