/**
 * The one list of coded errors of Équipage. Every error a person or a client can see carries
 * a stable `EQP_ERR_*` code, an HTTP status and a message in French (first) and English.
 * `docs/errors.md` documents each code; `tests/core/errors.test.ts` keeps the two in sync.
 */

/** Catalogue entry: HTTP status and the messages shown to people. `{name}` placeholders are filled from `params`. */
export interface ErrorDefinition {
  readonly status: number;
  readonly fr: string;
  readonly en: string;
}

export const ERRORS = {
  EQP_ERR_CONFIG_INVALID: {
    status: 500,
    fr: 'Configuration invalide : {details}',
    en: 'Invalid configuration: {details}',
  },
  EQP_ERR_DATA_DIR_LOCKED: {
    status: 409,
    fr: "Le dossier de données {dir} est déjà utilisé par {holder}. Arrêtez ce processus, ou passez par l'API du serveur en cours d'exécution.",
    en: 'The data folder {dir} is already in use by {holder}. Stop that process, or go through the running server’s API.',
  },
  EQP_ERR_STORAGE_UNAVAILABLE: {
    status: 503,
    fr: 'La base de données est indisponible : {reason}',
    en: 'The database is unavailable: {reason}',
  },
  EQP_ERR_MIGRATION_FAILED: {
    status: 500,
    fr: 'La migration {migration} de la base de données a échoué : {reason}',
    en: 'Database migration {migration} failed: {reason}',
  },
  EQP_ERR_BLOB_KEY_INVALID: {
    status: 400,
    fr: 'Nom de fichier de stockage invalide : « {key} ».',
    en: 'Invalid storage key: “{key}”.',
  },
  EQP_ERR_BLOB_NOT_FOUND: {
    status: 404,
    fr: 'Fichier introuvable : « {key} ».',
    en: 'File not found: “{key}”.',
  },
  EQP_ERR_BLOB_STORE_UNAVAILABLE: {
    status: 503,
    fr: 'Le stockage des fichiers est indisponible : {reason}',
    en: 'File storage is unavailable: {reason}',
  },
  EQP_ERR_VALIDATION: {
    status: 400,
    fr: 'Requête invalide : {details}',
    en: 'Invalid request: {details}',
  },
  EQP_ERR_NOT_FOUND: {
    status: 404,
    fr: 'Ressource introuvable : {what}.',
    en: 'Not found: {what}.',
  },
  EQP_ERR_UNAUTHENTICATED: {
    status: 401,
    fr: 'Authentification requise ou jeton invalide.',
    en: 'Authentication required or invalid token.',
  },
  EQP_ERR_FORBIDDEN: {
    status: 403,
    fr: "Vous n'avez pas accès à cette ressource.",
    en: 'You do not have access to this resource.',
  },
  EQP_ERR_PAYLOAD_TOO_LARGE: {
    status: 413,
    fr: 'Contenu trop volumineux (maximum {limit}).',
    en: 'Payload too large (maximum {limit}).',
  },
  EQP_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    fr: 'Type de contenu non pris en charge : {type}.',
    en: 'Unsupported media type: {type}.',
  },
  EQP_ERR_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    fr: "La clé d'idempotence « {key} » a déjà servi pour une autre requête : utilise une nouvelle clé pour une nouvelle demande.",
    en: 'The idempotency key “{key}” was already used for a different request: use a new key for a new request.',
  },
  EQP_ERR_RATE_LIMITED: {
    status: 429,
    fr: 'Trop de requêtes : réessayez dans {retryAfter} secondes.',
    en: 'Too many requests: retry in {retryAfter} seconds.',
  },
  EQP_ERR_NOT_READY: {
    status: 503,
    fr: "Le service démarre ou s'arrête : réessayez dans un instant.",
    en: 'The service is starting or stopping: retry in a moment.',
  },
  EQP_ERR_INTERNAL: {
    status: 500,
    fr: 'Erreur interne. Réessayez ; si cela persiste, contactez le service informatique (référence {requestId}).',
    en: 'Internal error. Retry; if it persists, contact IT (reference {requestId}).',
  },
  EQP_ERR_PACKAGE_ENV_MISSING: {
    status: 500,
    fr: "Le fichier d'environnement {file} est introuvable.",
    en: 'Environment file {file} not found.',
  },
  EQP_ERR_PACKAGE_PLACEHOLDER_UNRESOLVED: {
    status: 500,
    fr: 'Variables non définies dans {file} : {names}.',
    en: 'Variables not defined in {file}: {names}.',
  },
  EQP_ERR_PACKAGE_INVALID: {
    status: 500,
    fr: "Le manifeste de l'application Teams est invalide : {details}",
    en: 'The Teams app manifest is invalid: {details}',
  },
  EQP_ERR_PLAYGROUND_FAILED: {
    status: 500,
    fr: "Le Microsoft 365 Agents Playground n'a pas pu démarrer : {reason}",
    en: 'The Microsoft 365 Agents Playground could not start: {reason}',
  },
  EQP_ERR_TENANT_NOT_ALLOWED: {
    status: 403,
    fr: "Cette organisation Microsoft 365 (locataire {tenantId}) n'est pas autorisée à utiliser Équipage.",
    en: 'This Microsoft 365 organization (tenant {tenantId}) is not allowed to use Équipage.',
  },
  EQP_ERR_KB_IMPORT_INVALID: {
    status: 400,
    fr: "Le fichier {file} contient {count} problème(s) ; rien n'a été importé. Corrigez chaque ligne signalée puis réimportez.",
    en: 'The file {file} has {count} problem(s); nothing was imported. Fix each reported row and import again.',
  },
  EQP_ERR_FIELDOPS_IMPORT_INVALID: {
    status: 400,
    fr: "Le fichier {file} contient {count} problème(s) ; rien n'a été importé. Corrigez chaque élément signalé puis réimportez.",
    en: 'The file {file} has {count} problem(s); nothing was imported. Fix each reported item and import again.',
  },
  EQP_ERR_KB_FORMAT_UNSUPPORTED: {
    status: 415,
    fr: 'Format de fichier non pris en charge pour la FAQ : {file}. Utilisez un fichier CSV ou XLSX.',
    en: 'Unsupported FAQ file format: {file}. Use a CSV or XLSX file.',
  },
  EQP_ERR_CLI_USAGE: {
    status: 400,
    fr: 'Commande invalide : {details}',
    en: 'Invalid command: {details}',
  },
  EQP_ERR_DOCUMENT_LINK_INVALID: {
    status: 403,
    fr: "Ce lien de téléchargement n'est pas valide. Redemande ton document au bot ou dans l'onglet.",
    en: 'This download link is not valid. Ask the bot or the tab for your document again.',
  },
  EQP_ERR_DOCUMENT_LINK_EXPIRED: {
    status: 410,
    fr: "Ce lien de téléchargement a expiré (il est valable 10 minutes). Redemande ton document au bot ou dans l'onglet.",
    en: 'This download link has expired (links are valid for 10 minutes). Ask the bot or the tab for your document again.',
  },
  EQP_ERR_DOCUMENT_LINK_USED: {
    status: 410,
    fr: "Ce lien de téléchargement a déjà servi (chaque lien ne s'ouvre qu'une fois). Redemande ton document au bot ou dans l'onglet.",
    en: 'This download link was already used (each link opens once). Ask the bot or the tab for your document again.',
  },
  EQP_ERR_PHOTO_LINK_INVALID: {
    status: 403,
    fr: "Ce lien vers la photo d'un signalement n'est pas valide.",
    en: 'This link to a field report photo is not valid.',
  },
  EQP_ERR_PHOTO_LINK_EXPIRED: {
    status: 410,
    fr: "Ce lien vers la photo d'un signalement a expiré.",
    en: 'This link to a field report photo has expired.',
  },
  EQP_ERR_DOCUMENT_ACCESS_ENDED: {
    status: 403,
    fr: "Ton accès aux documents a pris fin le {date}. Pour obtenir un document, contacte le service RH.",
    en: 'Your access to documents ended on {date}. To get a document, contact HR.',
  },
  EQP_ERR_PERSON_NOT_LINKED: {
    status: 403,
    fr: "Ton compte n'est relié à aucun dossier RH de la commune. Contacte le service RH.",
    en: 'Your account is not linked to any HR record of the commune. Contact HR.',
  },
  EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID: {
    status: 400,
    fr: "Source d'import invalide « {path} » : {reason}",
    en: 'Invalid import source “{path}”: {reason}',
  },
  EQP_ERR_DOCUMENT_PUBLISH_INCOMPLETE: {
    status: 500,
    fr: "{failed} bulletin(s) sur {total} n'ont pas pu être publiés (voir le rapport) ; relance l'import avec les mêmes options pour les reprendre.",
    en: '{failed} of {total} payslips could not be published (see the report); run the import again with the same options to retry them.',
  },
  EQP_ERR_DOCUMENT_ARCHIVE_REJECTED: {
    status: 400,
    fr: "L'archive ZIP « {path} » est refusée : {reason}",
    en: 'The ZIP archive “{path}” is rejected: {reason}',
  },
  EQP_ERR_DIRECTORY_NOT_CONFIGURED: {
    status: 409,
    fr: "L'annuaire est la commune de démonstration en mode local : la synchronisation avec Microsoft Graph demande {missing}.",
    en: 'The directory is the seeded demo commune in local mode: synchronizing with Microsoft Graph needs {missing}.',
  },
  EQP_ERR_GRAPH_UNAVAILABLE: {
    status: 502,
    fr: "Microsoft Graph n'a pas répondu correctement ({operation}) : {reason}",
    en: 'Microsoft Graph did not answer properly ({operation}): {reason}',
  },
  EQP_ERR_ENTRA_TOKEN_FAILED: {
    status: 502,
    fr: "Impossible d'obtenir un jeton Microsoft Entra ID : {reason}",
    en: 'Could not get a Microsoft Entra ID token: {reason}',
  },
  EQP_ERR_GRAPH_CONSENT_REQUIRED: {
    status: 403,
    fr: "Équipage a besoin de ton accord (ou de celui d'un administrateur) pour lire ces informations Microsoft 365.",
    en: 'Équipage needs your consent (or an administrator’s) to read this Microsoft 365 information.',
  },
  EQP_ERR_ONBOARDING_EXISTS: {
    status: 409,
    fr: "{name} a déjà un parcours d'arrivée en cours.",
    en: '{name} already has an onboarding in progress.',
  },
  EQP_ERR_TEMPLATE_CHANGED: {
    status: 409,
    fr: "Le modèle « {name} » a été modifié par quelqu'un d'autre (version {version}). Recharge-le puis refais tes changements.",
    en: 'The template “{name}” was changed by someone else (version {version}). Reload it and make your changes again.',
  },
  EQP_ERR_TEMPLATE_ARCHIVED: {
    status: 409,
    fr: 'Le modèle « {name} » est archivé : choisis un autre modèle.',
    en: 'The template “{name}” is archived: pick another template.',
  },
  EQP_ERR_DOCUMENT_VERSION_OUTDATED: {
    status: 409,
    fr: 'Une nouvelle version de « {title} » est parue : relis-la avant de l’accepter.',
    en: 'A new version of “{title}” was published: read it again before accepting it.',
  },
  EQP_ERR_REPORT_PHOTO_LIMIT: {
    status: 409,
    fr: 'Le signalement {number} a déjà {max} photos : on ne peut plus en ajouter.',
    en: 'Report {number} already has {max} photos: no more can be added.',
  },
  EQP_ERR_REPORT_STATUS_TRANSITION: {
    status: 409,
    fr: 'Le signalement {number} ne peut pas passer de « {from} » à « {to} ». Statuts possibles depuis « {from} » : {allowed}.',
    en: 'Report {number} cannot go from “{from}” to “{to}”. Allowed from “{from}”: {allowed}.',
  },
  EQP_ERR_REPORT_STATUS_CHANGED: {
    status: 409,
    fr: "Le statut du signalement {number} a changé entre-temps (il est maintenant « {current} ») : relis-le puis réessaie.",
    en: 'The status of report {number} changed in the meantime (it is now “{current}”): read it again and retry.',
  },
  EQP_ERR_WEBHOOK_URL_REJECTED: {
    status: 400,
    fr: "L'adresse de rappel du webhook est refusée : {reason}",
    en: 'The webhook callback URL is rejected: {reason}',
  },
  EQP_ERR_WEBHOOK_LIMIT: {
    status: 409,
    fr: 'Tu as déjà {max} abonnements actifs : supprime les flux qui ne servent plus avant d’en créer un autre.',
    en: 'You already have {max} active subscriptions: delete the flows you no longer use before creating another.',
  },
} as const satisfies Record<`EQP_ERR_${string}`, ErrorDefinition>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** Language of a message shown to a person: French first. */
export type Lang = 'fr' | 'en';

/** Fills `{name}` placeholders; unknown names are left visible so a missing parameter is noticed. */
export function formatMessage(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * An error with a stable code. Thrown anywhere in the suite; the HTTP layer turns it into
 * `{ error: { code, message, messageEn, details } }` with the catalogue's status.
 */
export class EquipageError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, unknown>;
  /** Structured details for clients, e.g. a list of `{ path, message }` validation problems. */
  readonly details: unknown;

  constructor(code: ErrorCode, params: Record<string, unknown> = {}, options: { cause?: unknown; details?: unknown } = {}) {
    super(formatMessage(ERRORS[code].en, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EquipageError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.params = params;
    this.details = options.details;
  }

  /** The message in the given language. */
  localized(lang: Lang = 'fr'): string {
    return formatMessage(ERRORS[this.code][lang], this.params);
  }
}

/** True when `value` is an {@link EquipageError}, optionally with the given code. */
export function isEquipageError(value: unknown, code?: ErrorCode): value is EquipageError {
  return value instanceof EquipageError && (code === undefined || value.code === code);
}
