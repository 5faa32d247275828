/**
 * Texts of the "Bulletins de paie" panel, French first. Kept here rather than in i18n/strings.ts
 * so they ship in the HR chunk only: the agent's bundle does not grow with HR-only pages.
 */
import type { ReportUnmatchedReason } from '../../../../../../core/documents/payroll-types';
import type { Lang } from '../../../i18n/strings';

const fr = {
  tab: 'Bulletins de paie',
  intro: 'Dépose la paie du mois : un ZIP d’un PDF par agent, un PDF unique de toute la paie, ou plusieurs PDF. Rien n’est publié avant ta confirmation.',
  period: 'Période de paie',
  periodHint: 'Mois et année (AAAA-MM)',
  files: 'Fichiers de la paie',
  filesHint: 'Un .zip, un .pdf de toute la paie, ou plusieurs .pdf',
  chosenFiles: (n: number) => `${n} fichier${n > 1 ? 's' : ''} choisi${n > 1 ? 's' : ''}`,
  replace: 'Remplacer les bulletins déjà publiés pour cette période (l’ancienne version est conservée)',
  check: 'Vérifier',
  checking: 'Vérification de la paie…',
  needInput: 'Choisis la période et au moins un fichier.',
  reportTitle: (period: string) => `Rapport de la paie ${period}`,
  reportExpires: (time: string) => `Dépôt conservé jusqu’à ${time} ; publie-le avant.`,
  matched: 'Bulletins reconnus',
  unmatched: 'Fichiers ou pages non reconnus',
  missing: 'Agents sans bulletin',
  duplicates: 'Doublons (non publiés)',
  alreadyPublished: 'Déjà publiés pour la période',
  alreadyNote: (replace: boolean) => (replace ? 'Ils seront remplacés (l’ancienne version reste conservée).' : 'Ils ne seront pas remplacés : coche « Remplacer » et vérifie à nouveau pour les remplacer.'),
  nothingToPublish: 'Aucun bulletin reconnu : rien à publier. Vérifie le nom des fichiers ou la période.',
  allGood: 'Tout est reconnu : aucun fichier écarté, aucun agent oublié.',
  reason: {
    no_pattern_match: 'nom de fichier non reconnu',
    unknown_matricule: 'matricule inconnu',
    ambiguous_name: 'plusieurs matricules possibles',
    wrong_period: 'autre période',
    not_pdf: 'pas un PDF',
    unsafe_name: 'nom refusé (chemin dangereux)',
    too_large: 'fichier trop volumineux',
    encrypted: 'fichier chiffré',
    no_matricule_on_page: 'aucun matricule sur la page',
    several_matricules_on_page: 'plusieurs matricules sur la page',
  } satisfies Record<ReportUnmatchedReason, string>,
  publish: (n: number) => `Publier ${n} bulletin${n > 1 ? 's' : ''}`,
  confirmTitle: 'Publier la paie ?',
  confirmText: (n: number, period: string) =>
    `${n} bulletin${n > 1 ? 's' : ''} de ${period} ${n > 1 ? 'seront publiés' : 'sera publié'} et chaque agent sera prévenu dans Teams. Cette action ne peut pas être annulée.`,
  confirm: 'Publier',
  cancel: 'Annuler',
  publishing: 'Publication en cours…',
  resultTitle: 'Paie publiée',
  published: 'Publiés',
  notified: 'Agents prévenus',
  notNotified: 'Non prévenus (jamais connectés au bot)',
  skipped: 'Ignorés',
  skippedReason: { already_published: 'déjà publié', changed_since_plan: 'changé depuis la vérification' },
  failed: 'Échecs',
  newRun: 'Déposer une autre paie',
  startOver: 'Recommencer',
} as const;

type Strings = { [K in keyof typeof fr]: (typeof fr)[K] extends (...args: infer A) => string ? (...args: A) => string : (typeof fr)[K] extends Record<string, string> ? Record<keyof (typeof fr)[K], string> : string };

const en: Strings = {
  tab: 'Payslips',
  intro: 'Upload the month’s payroll: a ZIP of one PDF per agent, one PDF of the whole run, or several PDFs. Nothing is published before you confirm.',
  period: 'Payroll period',
  periodHint: 'Month and year (YYYY-MM)',
  files: 'Payroll files',
  filesHint: 'One .zip, one .pdf of the whole run, or several .pdf',
  chosenFiles: (n) => `${n} file${n > 1 ? 's' : ''} chosen`,
  replace: 'Replace payslips already published for this period (the previous version is kept)',
  check: 'Check',
  checking: 'Checking the payroll…',
  needInput: 'Choose the period and at least one file.',
  reportTitle: (period) => `Report of the ${period} payroll`,
  reportExpires: (time) => `Upload kept until ${time}; publish it before then.`,
  matched: 'Payslips matched',
  unmatched: 'Files or pages not matched',
  missing: 'Agents with no payslip',
  duplicates: 'Duplicates (not published)',
  alreadyPublished: 'Already published for the period',
  alreadyNote: (replace) => (replace ? 'They will be replaced (the previous version is kept).' : 'They will not be replaced: tick “Replace” and check again to replace them.'),
  nothingToPublish: 'No payslip matched: nothing to publish. Check the file names or the period.',
  allGood: 'Everything matched: no file left out, no agent forgotten.',
  reason: {
    no_pattern_match: 'file name not recognized',
    unknown_matricule: 'unknown matricule',
    ambiguous_name: 'several possible matricules',
    wrong_period: 'another period',
    not_pdf: 'not a PDF',
    unsafe_name: 'name refused (unsafe path)',
    too_large: 'file too large',
    encrypted: 'encrypted file',
    no_matricule_on_page: 'no matricule on the page',
    several_matricules_on_page: 'several matricules on the page',
  },
  publish: (n) => `Publish ${n} payslip${n > 1 ? 's' : ''}`,
  confirmTitle: 'Publish the payroll?',
  confirmText: (n, period) => `${n} payslip${n > 1 ? 's' : ''} of ${period} will be published and each agent notified in Teams. This cannot be undone.`,
  confirm: 'Publish',
  cancel: 'Cancel',
  publishing: 'Publishing…',
  resultTitle: 'Payroll published',
  published: 'Published',
  notified: 'Agents notified',
  notNotified: 'Not notified (never talked to the bot)',
  skipped: 'Skipped',
  skippedReason: { already_published: 'already published', changed_since_plan: 'changed since the check' },
  failed: 'Failed',
  newRun: 'Upload another payroll',
  startOver: 'Start over',
};

export type PayrollStrings = Strings;

/** The panel's texts in `lang`. */
export function payrollStrings(lang: Lang): PayrollStrings {
  return lang === 'en' ? en : fr;
}
