/**
 * Planning a payroll run's import: reads the source (a folder of PDFs, a ZIP of PDFs, or one
 * multi-page PDF of the whole run), assigns each file or page group to exactly one agent, and
 * produces the dry-run report: matched agents, unmatched files or pages, agents without a payslip,
 * duplicates, and agents who already have a payslip for the period. Nothing is written here.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';
import { compilePatterns, matchFileName, normalizeMatricule } from './file-name-matching.js';
import { assertPeriod } from './periods.js';
import type { ImportReport, ReportUnmatchedReason } from './payroll-types.js';
import { copyPages, extractPageTexts, groupPages, loadPdf } from './pdf-split.js';
import { DEFAULT_ZIP_LIMITS, readZipPdfs, type ZipLimits } from './zip-reader.js';

/** An agent the run can concern. */
export interface RunAgent {
  personId: string;
  matricule: string;
  displayName: string;
}

/** One payslip ready to publish. */
export interface PlannedPayslip extends RunAgent {
  /** Where it comes from: a file name, or `run.pdf pages 3-4`. */
  source: string;
  pages?: number[];
  size: number;
  sha256: string;
  /** The PDF bytes. */
  read(): Promise<Buffer>;
}

/** Why a file or a page was not assigned to an agent (one list, shared with the report's types). */
export type UnmatchedReason = ReportUnmatchedReason;

export interface UnmatchedItem {
  source: string;
  reason: UnmatchedReason;
  detail?: string;
}

/** The dry-run report (and the plan `publish` executes). */
export interface ImportPlan {
  period: string;
  sourceKind: 'folder' | 'zip' | 'pdf';
  sourcePath: string;
  /** Payslips that will be published (duplicated agents excluded). */
  matched: PlannedPayslip[];
  unmatched: UnmatchedItem[];
  /** Agents of the period with no payslip in the run. */
  missing: RunAgent[];
  /** Agents found more than once: none of their files is published, HR must decide. */
  duplicates: Array<RunAgent & { sources: string[] }>;
  /** Matched agents who already have an active payslip for the period (replaced only with `replace`). */
  alreadyPublished: Array<RunAgent & { version: number }>;
}

export interface PlanImportOptions {
  period: string;
  /** Folder, `.zip` or `.pdf`. */
  sourcePath: string;
  /** File-name pattern (default from config: `{matricule}_{period}.pdf`). */
  pattern?: string;
  zipLimits?: ZipLimits;
  /** Called as items are read (for a progress bar). */
  onProgress?: (done: number, total: number, phase: 'reading' | 'splitting') => void;
}

const MAX_PDF_BYTES = 20 * 1024 * 1024;
const MAX_RUN_PDF_BYTES = 1024 * 1024 * 1024;

/** Agents a payroll period concerns: active people with a matricule, and those who left during or after it. */
export async function loadRunAgents(db: Kysely<Database>, period: string): Promise<RunAgent[]> {
  const periodStart = `${period}-01`;
  const rows = await db
    .selectFrom('people')
    .select(['id', 'matricule', 'display_name', 'status', 'left_at', 'hire_date'])
    .where('matricule', 'is not', null)
    .execute();
  const periodEnd = `${period}-31`;
  return rows
    .filter((r) => (r.status === 'active' || (r.left_at !== null && r.left_at >= periodStart)) && (r.hire_date === null || r.hire_date <= periodEnd))
    .map((r) => ({ personId: r.id, matricule: r.matricule!, displayName: r.display_name }));
}

/** Everyone with a matricule, by normalized matricule (a file may name someone outside the period's list). */
async function loadDirectory(db: Kysely<Database>): Promise<Map<string, RunAgent>> {
  const rows = await db.selectFrom('people').select(['id', 'matricule', 'display_name']).where('matricule', 'is not', null).execute();
  const byMatricule = new Map<string, RunAgent>();
  const clashes = new Set<string>();
  for (const r of rows) {
    const key = normalizeMatricule(r.matricule!);
    if (byMatricule.has(key)) clashes.add(key);
    byMatricule.set(key, { personId: r.id, matricule: r.matricule!, displayName: r.display_name });
  }
  // Two records normalizing alike ("0042" and "42"): neither can be matched safely.
  for (const key of clashes) byMatricule.delete(key);
  return byMatricule;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const isPdf = (data: Buffer) => data.subarray(0, 1024).includes('%PDF-');

interface RawFile {
  name: string;
  size: number;
  read(): Promise<Buffer>;
}

/** Regular `.pdf` files under `dir` (symbolic links are skipped: they could point anywhere). */
async function listFolder(dir: string, unmatched: UnmatchedItem[]): Promise<RawFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files: RawFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full).split(path.sep).join('/');
    if (!/\.pdf$/i.test(entry.name)) {
      unmatched.push({ source: rel, reason: 'not_pdf' });
      continue;
    }
    const info = await lstat(full);
    if (info.size > MAX_PDF_BYTES) {
      unmatched.push({ source: rel, reason: 'too_large', detail: `${info.size} bytes` });
      continue;
    }
    files.push({ name: rel, size: info.size, read: () => readFile(full) });
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  return files;
}

/**
 * Reads the source and builds the plan. Throws `EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID` (missing
 * path, unsupported kind, bad period) or `EQP_ERR_DOCUMENT_ARCHIVE_REJECTED` (unsafe ZIP).
 */
export async function planImport(db: Kysely<Database>, options: PlanImportOptions): Promise<ImportPlan> {
  const { period } = options;
  assertPeriod(period);
  const sourcePath = path.resolve(options.sourcePath);
  const info = await lstat(sourcePath).catch(() => undefined);
  if (!info) throw new EquipageError('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID', { path: sourcePath, reason: 'introuvable / not found' });
  const sourceKind = info.isDirectory() ? 'folder' : /\.zip$/i.test(sourcePath) && info.isFile() ? 'zip' : /\.pdf$/i.test(sourcePath) && info.isFile() ? 'pdf' : undefined;
  if (!sourceKind) {
    throw new EquipageError('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID', { path: sourcePath, reason: 'ni un dossier, ni un .zip, ni un .pdf / neither a folder, a .zip nor a .pdf' });
  }
  const directory = await loadDirectory(db);
  const unmatched: UnmatchedItem[] = [];
  const candidates: PlannedPayslip[] = [];

  if (sourceKind === 'pdf') {
    if (info.size > MAX_RUN_PDF_BYTES) throw new EquipageError('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID', { path: sourcePath, reason: 'fichier trop volumineux / file too large' });
    const data = await readFile(sourcePath);
    if (!isPdf(data)) throw new EquipageError('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID', { path: sourcePath, reason: "ce n'est pas un PDF / not a PDF" });
    let texts: string[];
    try {
      texts = await extractPageTexts(data);
    } catch (error) {
      throw new EquipageError('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID', { path: sourcePath, reason: `PDF illisible / unreadable PDF (${(error as Error).message})` }, { cause: error });
    }
    const { groups, unassigned } = groupPages(texts, directory);
    const base = path.basename(sourcePath);
    for (const u of unassigned) unmatched.push({ source: `${base} page ${u.page}`, reason: u.reason, ...(u.matricules ? { detail: u.matricules.join(', ') } : {}) });
    const source = await loadPdf(data);
    let done = 0;
    for (const group of groups) {
      const agent = directory.get(group.matricule)!;
      const pdf = await copyPages(source, group.pages);
      const first = group.pages[0]!;
      const last = group.pages.at(-1)!;
      candidates.push({
        ...agent,
        source: `${base} ${first === last ? `page ${first}` : `pages ${first}-${last}`}`,
        pages: group.pages,
        size: pdf.length,
        sha256: sha256(pdf),
        read: async () => pdf,
      });
      options.onProgress?.(++done, groups.length, 'splitting');
    }
  } else {
    let files: RawFile[];
    if (sourceKind === 'zip') {
      const { pdfs, skipped } = await readZipPdfs(sourcePath, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
      for (const s of skipped) unmatched.push({ source: s.name, reason: s.reason });
      files = pdfs.map((p) => ({ name: p.name, size: p.data.length, read: async () => p.data }));
    } else {
      files = await listFolder(sourcePath, unmatched);
    }
    const patterns = compilePatterns(options.pattern ?? '{matricule}_{period}.pdf');
    let done = 0;
    for (const file of files) {
      options.onProgress?.(++done, files.length, 'reading');
      const readings = matchFileName(file.name, patterns);
      if (readings.length === 0) {
        unmatched.push({ source: file.name, reason: 'no_pattern_match' });
        continue;
      }
      const known = readings.filter((r) => directory.has(normalizeMatricule(r.matricule)));
      if (known.length === 0) {
        unmatched.push({ source: file.name, reason: 'unknown_matricule', detail: readings.map((r) => r.matricule).join(', ') });
        continue;
      }
      const persons = new Set(known.map((r) => directory.get(normalizeMatricule(r.matricule))!.personId));
      if (persons.size > 1) {
        unmatched.push({ source: file.name, reason: 'ambiguous_name', detail: known.map((r) => r.matricule).join(', ') });
        continue;
      }
      const inPeriod = known.filter((r) => r.period === undefined || r.period === period);
      if (inPeriod.length === 0) {
        unmatched.push({ source: file.name, reason: 'wrong_period', detail: known.map((r) => r.period).join(', ') });
        continue;
      }
      const data = await file.read();
      if (!isPdf(data)) {
        unmatched.push({ source: file.name, reason: 'not_pdf' });
        continue;
      }
      const agent = directory.get(normalizeMatricule(inPeriod[0]!.matricule))!;
      const hash = sha256(data);
      // Folders are re-read at publish time; a file changed in between is refused there.
      candidates.push({ ...agent, source: file.name, size: data.length, sha256: hash, read: sourceKind === 'zip' ? async () => data : file.read });
    }
  }

  // Duplicates: an agent found more than once publishes nothing until HR resolves it.
  const byPerson = new Map<string, PlannedPayslip[]>();
  for (const c of candidates) byPerson.set(c.personId, [...(byPerson.get(c.personId) ?? []), c]);
  const matched: PlannedPayslip[] = [];
  const duplicates: ImportPlan['duplicates'] = [];
  for (const list of byPerson.values()) {
    if (list.length === 1) matched.push(list[0]!);
    else duplicates.push({ personId: list[0]!.personId, matricule: list[0]!.matricule, displayName: list[0]!.displayName, sources: list.map((l) => l.source) });
  }
  matched.sort((a, b) => a.matricule.localeCompare(b.matricule));

  const agents = await loadRunAgents(db, period);
  const covered = new Set(byPerson.keys());
  const missing = agents.filter((a) => !covered.has(a.personId)).sort((a, b) => a.matricule.localeCompare(b.matricule));

  const existing = await db
    .selectFrom('documents')
    .select(['person_id', 'version'])
    .where('kind', '=', 'payslip')
    .where('period', '=', period)
    .where('status', '=', 'active')
    .execute();
  const existingByPerson = new Map(existing.map((e) => [e.person_id, e.version]));
  const alreadyPublished = matched
    .filter((m) => existingByPerson.has(m.personId))
    .map((m) => ({ personId: m.personId, matricule: m.matricule, displayName: m.displayName, version: existingByPerson.get(m.personId)! }));

  return { period, sourceKind, sourcePath, matched, unmatched, missing, duplicates, alreadyPublished };
}

/** The plan as the dry-run report shows it (no PDF bytes): the CLI's `--json` output and the tab's preview. */
export function planReport(plan: ImportPlan): ImportReport {
  return {
    period: plan.period,
    sourceKind: plan.sourceKind,
    sourcePath: plan.sourcePath,
    matched: plan.matched.map((m) => ({ personId: m.personId, matricule: m.matricule, displayName: m.displayName, source: m.source, pages: m.pages, size: m.size, sha256: m.sha256 })),
    unmatched: plan.unmatched,
    missing: plan.missing,
    duplicates: plan.duplicates,
    alreadyPublished: plan.alreadyPublished,
  };
}
