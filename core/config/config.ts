/**
 * The one configuration module. Reads the environment (and `env/.env.local`, `env/.env.local.user`
 * when present), validates it against a schema, and names every missing or invalid key in one error.
 * Nothing else in the suite reads `process.env`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { EquipageError } from '../errors.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const port = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));
const tristate = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
  z.enum(['auto', 'on', 'off', 'true', 'false', '1', '0']).default('auto'),
);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The environment keys, with their rules. Documented one by one in the README's configuration table. */
const envSchema = z
  .object({
    PORT: port(3978),
    HOST: optionalString,
    TRUST_PROXY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .optional()
        .transform((value, ctx) => {
          const parsed = parseTrustProxy(value);
          if (parsed instanceof Error) ctx.addIssue({ code: 'custom', message: parsed.message });
          return parsed instanceof Error ? false : parsed;
        }),
    ),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(['auto', 'json', 'pretty']).default('auto')),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    ),
    DATABASE_SSL: z.preprocess(emptyToUndefined, z.enum(['disable', 'require', 'verify-full']).default('disable')),
    DATABASE_POOL_MAX: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(200).default(10)),
    DATABASE_NOTIFICATIONS: tristate,
    BLOB_STORE: z.preprocess(emptyToUndefined, z.enum(['local', 'azure']).optional()),
    AZURE_STORAGE_CONNECTION_STRING: optionalString,
    AZURE_STORAGE_CONTAINER: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid Azure container name (3–63 lowercase letters, digits, hyphens)')
        .default('equipage'),
    ),
    BOT_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a GUID (the bot’s Entra app id)').optional()),
    BOT_PASSWORD: optionalString,
    SECRET_BOT_PASSWORD: optionalString,
    BOT_TYPE: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant')),
    BOT_TENANT_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a GUID').optional()),
    BOT_OPENID_METADATA_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    AAD_APP_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a GUID').optional()),
    AAD_APP_CLIENT_SECRET: optionalString,
    SECRET_AAD_APP_CLIENT_SECRET: optionalString,
    AAD_APP_TENANT_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a GUID').optional()),
    AAD_APP_OAUTH_AUTHORITY_HOST: z.preprocess(emptyToUndefined, z.url().default('https://login.microsoftonline.com')),
    ALLOWED_TENANT_IDS: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
      z.array(z.string().regex(guid, 'must be a comma-separated list of GUIDs')).default([]),
    ),
    PLAYGROUND: tristate,
    PLAYGROUND_PORT: port(56150),
    SEED_DEMO: tristate,
    SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(120000).default(10000)),
    DOCUMENT_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (e.g. 64 hex digits)').optional()),
    DOCUMENT_FILE_PATTERN: z.preprocess(
      emptyToUndefined,
      z.string().regex(/\{matricule\}/, 'must contain {matricule}').default('{matricule}_{period}.pdf'),
    ),
    DOCUMENT_RETENTION_MONTHS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1200).default(60)),
    LEAVER_ACCESS_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3650).default(90)),
    DOCUMENT_RETENTION_SCHEDULE: tristate,
    PAYROLL_UPLOAD_MAX_MB: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(2048).default(200)),
    COMMUNE_NAME: optionalString,
    GRAPH_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https$/ }).default('https://graph.microsoft.com/v1.0')),
    HR_GROUP_ID: z.preprocess(emptyToUndefined, z.string().regex(guid, 'must be a GUID (the Entra group whose members are HR)').optional()),
    DIRECTORY_SYNC_INTERVAL_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10080).default(0)),
    ONBOARDING_REMINDERS: tristate,
    QUIET_HOURS_START: z.preprocess(emptyToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h, Europe/Paris)').default('19:00')),
    QUIET_HOURS_END: z.preprocess(emptyToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h, Europe/Paris)').default('08:00')),
    OPEN311_ENDPOINT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    OPEN311_API_KEY: optionalString,
    OPEN311_JURISDICTION_ID: optionalString,
    OPEN311_POLL_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(86400).default(300)),
    OPEN311_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(300).default(30)),
    OPEN311_MEDIA: tristate,
    FIELDOPS_MEDIA_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (e.g. 64 hex digits)').optional()),
    FIELDOPS_MEDIA_LINK_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(365).default(30)),
    OGC_API_KEY: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    OPEN_DATA_DESCRIPTIONS: tristate,
    OPEN_DATA_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(600)),
    FIELDOPS_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(500)),
    FIELDOPS_WEBHOOK_ALLOW_LOCAL: tristate,
    FIELDOPS_WEBHOOK_MAX_ATTEMPTS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(12)),
    FIELDOPS_WEBHOOK_MAX_AGE_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(720).default(24)),
    FIELDOPS_WEBHOOK_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(120).default(15)),
  });

/** Every environment key the suite reads (the README's configuration table lists each one). */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

/**
 * Rules that tie keys together. Checked on the raw values (not after the schema) so that one run
 * names every problem, even when some other key is also invalid.
 */
function crossKeyProblems(raw: Record<string, string | undefined>): Array<{ key: string; message: string }> {
  const has = (key: string) => typeof raw[key] === 'string' && raw[key]!.trim() !== '';
  const botType = raw.BOT_TYPE?.trim() || 'SingleTenant';
  const problems: Array<{ key: string; message: string }> = [];
  const botPassword = has('BOT_PASSWORD') || has('SECRET_BOT_PASSWORD');
  if (has('BOT_ID') && botType !== 'UserAssignedMSI' && !botPassword) problems.push({ key: 'BOT_PASSWORD', message: 'is required when BOT_ID is set' });
  if (!has('BOT_ID') && botPassword) problems.push({ key: 'BOT_ID', message: 'is required when BOT_PASSWORD is set' });
  if (has('BOT_ID') && botType !== 'MultiTenant' && !has('BOT_TENANT_ID')) problems.push({ key: 'BOT_TENANT_ID', message: `is required when BOT_TYPE is ${botType}` });
  if (has('AAD_APP_CLIENT_ID') && !has('AAD_APP_TENANT_ID')) problems.push({ key: 'AAD_APP_TENANT_ID', message: 'is required when AAD_APP_CLIENT_ID is set' });
  if (raw.BLOB_STORE?.trim() === 'azure' && !has('AZURE_STORAGE_CONNECTION_STRING')) {
    problems.push({ key: 'AZURE_STORAGE_CONNECTION_STRING', message: 'is required when BLOB_STORE is azure' });
  }
  if (has('OPEN311_ENDPOINT') && !has('OPEN311_API_KEY')) problems.push({ key: 'OPEN311_API_KEY', message: 'is required when OPEN311_ENDPOINT is set' });
  const local = !has('BOT_ID') && !has('AAD_APP_CLIENT_ID');
  const open311Media = !['off', 'false', '0'].includes(raw.OPEN311_MEDIA?.trim().toLowerCase() ?? '');
  if (has('OPEN311_ENDPOINT') && open311Media && !local && !has('FIELDOPS_MEDIA_SECRET')) {
    problems.push({ key: 'FIELDOPS_MEDIA_SECRET', message: 'is required outside local mode when OPEN311_ENDPOINT is set (photo links sent to Open311 are signed with it), unless OPEN311_MEDIA=off' });
  }
  // The api_key travels in every post: never in clear text outside local mode.
  if (has('OPEN311_ENDPOINT') && !local && /^http:/i.test(raw.OPEN311_ENDPOINT!.trim())) {
    problems.push({ key: 'OPEN311_ENDPOINT', message: 'must be an https:// URL outside local mode (the api_key is sent with every request)' });
  }
  return problems;
}

/** Validated configuration of one Équipage process. */
export interface Config {
  /** True when no Entra ID nor bot credentials are configured: authentication shortcuts are allowed. */
  readonly localMode: boolean;
  readonly server: {
    readonly port: number;
    readonly host: string;
    readonly publicBaseUrl: string | undefined;
    /** Fastify's `trustProxy`: whose `X-Forwarded-For`/`-Proto`/`-Host` to believe (see `TRUST_PROXY`). */
    readonly trustProxy: TrustProxy;
  };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `json` for log collectors; `pretty` for people; `auto` = pretty on a terminal. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** Absolute path of the data folder (PGlite database, local blobs, lock file). */
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'pglite'; readonly dir: string }
    | {
        readonly kind: 'postgres';
        readonly url: string;
        readonly ssl: 'disable' | 'require' | 'verify-full';
        readonly poolMax: number;
        /** `LISTEN`/`NOTIFY` on a dedicated connection, for cache invalidation; off behind a transaction-pooling proxy. */
        readonly notifications: boolean;
      };
  readonly blob:
    | { readonly kind: 'local'; readonly dir: string }
    | { readonly kind: 'azure'; readonly connectionString: string; readonly container: string };
  readonly bot:
    | {
        readonly appId: string;
        readonly appPassword: string | undefined;
        readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
        readonly tenantId: string | undefined;
        /** OpenID metadata of the Bot Connector's signing keys (default: Bot Framework's public cloud). */
        readonly openIdMetadataUrl: string | undefined;
      }
    | undefined;
  readonly entra:
    | { readonly clientId: string; readonly clientSecret: string | undefined; readonly tenantId: string; readonly authorityHost: string }
    | undefined;
  /** Tenants whose users and activities are accepted. Empty means "the configured tenant only" (or any, in local mode). */
  readonly allowedTenantIds: readonly string[];
  readonly playground: { readonly enabled: boolean; readonly port: number };
  /** Seed the demo commune when the database is empty. */
  readonly seedDemo: boolean;
  readonly shutdownTimeoutMs: number;
  /** Agents' documents (payslips, certificates): see core/documents/. */
  readonly documents: {
    /** HMAC key of download links; required outside local mode (generated in DATA_DIR in local mode). */
    readonly linkSecret: string | undefined;
    /** File-name pattern of a payroll run's PDFs, e.g. `{matricule}_{period}.pdf`. */
    readonly filePattern: string;
    /** Documents older than this many months are archived. */
    readonly retentionMonths: number;
    /** Days an agent who left keeps access to their documents. */
    readonly leaverAccessDays: number;
    /** The server applies the retention policy daily (and shortly after start). */
    readonly retentionScheduled: boolean;
    /** Largest payroll run HR may upload through the tab, in bytes. */
    readonly payrollUploadMaxBytes: number;
    /** The commune's name, printed on the letterhead of certificates. */
    readonly communeName: string | undefined;
  };
  /** The people directory, synchronized from Microsoft Graph when Entra is configured (see core/directory/). */
  readonly directory: {
    /** Microsoft Graph root with its version, e.g. `https://graph.microsoft.com/v1.0` (https only). */
    readonly graphBaseUrl: string;
    /** Entra group whose (transitive) members are HR; undefined leaves `hr_member` as it is. */
    readonly hrGroupId: string | undefined;
    /** Minutes between two automatic synchronizations; 0 turns them off. */
    readonly syncIntervalMinutes: number;
  };
  /** Onboarding reminders (core/onboarding/reminder-scheduler.ts). */
  readonly onboarding: {
    /** Send the daily digests and weekly summaries. */
    readonly remindersEnabled: boolean;
    /** Quiet hours in Europe/Paris (`HH:MM`): no proactive message between start and end. */
    readonly quietHours: { readonly start: string; readonly end: string };
  };
  /** Forwarding of field reports to the commune's Open311 GeoReport v2 system; undefined turns it off. */
  readonly open311:
    | {
        /** Base URL of the GeoReport v2 API (without trailing slash), e.g. `https://311.example.fr/open311/v2`. */
        readonly endpoint: string;
        readonly apiKey: string;
        readonly jurisdictionId: string | undefined;
        /** How often the status of forwarded requests is polled back. */
        readonly pollIntervalMs: number;
        /** Longest wait for one Open311 call. */
        readonly timeoutMs: number;
        /** Send `media_url` (a public, signed, expiring link to the first photo) with each request. */
        readonly sendMedia: boolean;
      }
    | undefined;
  /** Public, signed links to report photos (the `media_url` sent to Open311). */
  /** The open-data layer of field reports (OGC API – Features under /ogc, exports under /api/open-data). */
  readonly openData: {
    /** When set, every request must carry it in the `X-API-Key` header; unset, the layer is public. */
    readonly apiKey: string | undefined;
    /**
     * Publish the agents' free-text descriptions. Off unless turned on: free text can name a
     * resident or carry a phone number or a number plate, and open data must hold no personal data.
     */
    readonly publishDescriptions: boolean;
    /** Requests per minute per client address (or per API key) on the public layer. */
    readonly rateLimitPerMinute: number;
  };
  readonly fieldOpsMedia: {
    /** HMAC key; generated in DATA_DIR in local mode when unset. */
    readonly secret: string | undefined;
    readonly linkTtlMs: number;
  };
  /** Requests per minute and per caller on the field-ops connector's API (Power Platform's own limit: 500). */
  readonly fieldOpsRateLimit: { readonly max: number; readonly windowMs: number };
  /** Webhooks of the connector's trigger (core/field-reports/webhooks/). */
  readonly fieldOpsWebhooks: {
    /** Accept `http://` and loopback or private-network callback URLs (local mode, tests); never in production. */
    readonly allowLocal: boolean;
    /** Attempts before a delivery is given up (dead). */
    readonly maxAttempts: number;
    /** Age after which a delivery still failing is given up. */
    readonly maxAgeMs: number;
    /** Longest wait for one delivery's answer. */
    readonly timeoutMs: number;
  };
}

/** Where configuration comes from. Defaults: `process.env` and the current directory. */
export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Directory holding `env/.env.local`; also the base of relative paths. */
  cwd?: string;
  /** Read `env/.env.local` and `env/.env.local.user` (default true). */
  readEnvFiles?: boolean;
}

const ENV_FILES = ['env/.env.local', 'env/.env.local.user'];

/** Who may set the client's address and protocol: nobody, N proxy hops, or these addresses / ranges. */
export type TrustProxy = boolean | number | string[];

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `TRUST_PROXY`: `off` (default), `on` (any peer: only when nothing else can reach the port), a
 * number of hops, or a comma-separated list of addresses, CIDR ranges and the names `loopback`,
 * `linklocal`, `uniquelocal` (the proxy's addresses, e.g. Azure App Service's front ends).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | Error {
  const text = value?.trim().toLowerCase();
  if (!text || text === 'off' || text === 'false' || text === '0') return false;
  if (text === 'on' || text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const items = text.split(',').map((item) => item.trim()).filter(Boolean);
  for (const item of items) {
    if (PROXY_RANGE_NAMES.has(item)) continue;
    const [address, prefix, extra] = item.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (!family || !prefixOk || extra !== undefined) {
      return new Error(`"${item}" is not an address, a CIDR range nor loopback/linklocal/uniquelocal (expected off, on, a number of hops or a comma-separated list)`);
    }
  }
  return items;
}

function isOn(value: string, auto: boolean): boolean {
  if (value === 'auto') return auto;
  return value === 'on' || value === 'true' || value === '1';
}

/** Keys whose values must never be printed. */
export const SECRET_KEYS = ['BOT_PASSWORD', 'SECRET_BOT_PASSWORD', 'AAD_APP_CLIENT_SECRET', 'SECRET_AAD_APP_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING', 'DATABASE_URL', 'DOCUMENT_LINK_SECRET', 'OPEN311_API_KEY', 'FIELDOPS_MEDIA_SECRET', 'OGC_API_KEY'] as const;

/**
 * Loads and validates the configuration. Throws {@link EquipageError} `EQP_ERR_CONFIG_INVALID`
 * naming every invalid key (`details` holds `{ key, message }[]`); values are never echoed, so
 * a secret typed in the wrong key does not reach the log.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const fromFiles: Record<string, string> = {};
  if (options.readEnvFiles ?? true) {
    for (const rel of ENV_FILES) {
      const file = path.join(cwd, rel);
      if (existsSync(file)) Object.assign(fromFiles, parseEnv(readFileSync(file, 'utf8')));
    }
  }
  const raw = { ...fromFiles, ...(options.env ?? process.env) };
  const parsed = envSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? '(environment)'), message: issue.message }))),
    ...crossKeyProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) {
    const details = problems.map((p) => `${p.key} ${p.message}`).join('; ');
    throw new EquipageError('EQP_ERR_CONFIG_INVALID', { details }, { details: problems });
  }
  const env = parsed.data!;
  const localMode = !env.BOT_ID && !env.AAD_APP_CLIENT_ID;
  const dataDir = path.resolve(cwd, env.DATA_DIR);
  const blobKind = env.BLOB_STORE ?? (env.AZURE_STORAGE_CONNECTION_STRING ? 'azure' : 'local');
  return {
    localMode,
    server: {
      port: env.PORT,
      host: env.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
      publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
      trustProxy: env.TRUST_PROXY ?? false,
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    dataDir,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, ssl: env.DATABASE_SSL, poolMax: env.DATABASE_POOL_MAX, notifications: isOn(env.DATABASE_NOTIFICATIONS, true) }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
    blob:
      blobKind === 'azure'
        ? { kind: 'azure', connectionString: env.AZURE_STORAGE_CONNECTION_STRING!, container: env.AZURE_STORAGE_CONTAINER }
        : { kind: 'local', dir: path.join(dataDir, 'blobs') },
    bot: env.BOT_ID
      ? {
          appId: env.BOT_ID,
          appPassword: env.BOT_PASSWORD ?? env.SECRET_BOT_PASSWORD,
          appType: env.BOT_TYPE,
          tenantId: env.BOT_TENANT_ID,
          openIdMetadataUrl: env.BOT_OPENID_METADATA_URL,
        }
      : undefined,
    entra: env.AAD_APP_CLIENT_ID
      ? {
          clientId: env.AAD_APP_CLIENT_ID,
          clientSecret: env.AAD_APP_CLIENT_SECRET ?? env.SECRET_AAD_APP_CLIENT_SECRET,
          tenantId: env.AAD_APP_TENANT_ID!,
          authorityHost: env.AAD_APP_OAUTH_AUTHORITY_HOST.replace(/\/+$/, ''),
        }
      : undefined,
    allowedTenantIds: env.ALLOWED_TENANT_IDS,
    playground: { enabled: isOn(env.PLAYGROUND, localMode), port: env.PLAYGROUND_PORT },
    seedDemo: isOn(env.SEED_DEMO, localMode),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    documents: {
      linkSecret: env.DOCUMENT_LINK_SECRET,
      filePattern: env.DOCUMENT_FILE_PATTERN,
      retentionMonths: env.DOCUMENT_RETENTION_MONTHS,
      leaverAccessDays: env.LEAVER_ACCESS_DAYS,
      retentionScheduled: isOn(env.DOCUMENT_RETENTION_SCHEDULE, true),
      payrollUploadMaxBytes: env.PAYROLL_UPLOAD_MAX_MB * 1024 * 1024,
      communeName: env.COMMUNE_NAME,
    },
    directory: {
      graphBaseUrl: env.GRAPH_BASE_URL.replace(/\/+$/, ''),
      hrGroupId: env.HR_GROUP_ID,
      syncIntervalMinutes: env.DIRECTORY_SYNC_INTERVAL_MINUTES,
    },
    onboarding: {
      remindersEnabled: isOn(env.ONBOARDING_REMINDERS, true),
      quietHours: { start: env.QUIET_HOURS_START, end: env.QUIET_HOURS_END },
    },
    open311: env.OPEN311_ENDPOINT
      ? {
          endpoint: env.OPEN311_ENDPOINT.replace(/\/+$/, ''),
          apiKey: env.OPEN311_API_KEY!,
          jurisdictionId: env.OPEN311_JURISDICTION_ID,
          pollIntervalMs: env.OPEN311_POLL_INTERVAL_SECONDS * 1000,
          timeoutMs: env.OPEN311_TIMEOUT_SECONDS * 1000,
          sendMedia: isOn(env.OPEN311_MEDIA, true),
        }
      : undefined,
    openData: { apiKey: env.OGC_API_KEY, publishDescriptions: isOn(env.OPEN_DATA_DESCRIPTIONS, false), rateLimitPerMinute: env.OPEN_DATA_RATE_LIMIT_PER_MINUTE },
    fieldOpsMedia: { secret: env.FIELDOPS_MEDIA_SECRET, linkTtlMs: env.FIELDOPS_MEDIA_LINK_DAYS * 24 * 3600 * 1000 },
    fieldOpsRateLimit: { max: env.FIELDOPS_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 },
    fieldOpsWebhooks: {
      allowLocal: isOn(env.FIELDOPS_WEBHOOK_ALLOW_LOCAL, localMode),
      maxAttempts: env.FIELDOPS_WEBHOOK_MAX_ATTEMPTS,
      maxAgeMs: env.FIELDOPS_WEBHOOK_MAX_AGE_HOURS * 3600 * 1000,
      timeoutMs: env.FIELDOPS_WEBHOOK_TIMEOUT_SECONDS * 1000,
    },
  };
}

/** A printable summary of the configuration with secrets removed, for the start-up log and `/healthz`. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    localMode: config.localMode,
    server: config.server,
    dataDir: config.dataDir,
    database: config.database.kind === 'postgres' ? { kind: 'postgres', url: redactUrl(config.database.url), ssl: config.database.ssl } : config.database,
    blob: config.blob.kind === 'azure' ? { kind: 'azure', container: config.blob.container } : config.blob,
    bot: config.bot ? { appId: config.bot.appId, appType: config.bot.appType, tenantId: config.bot.tenantId } : undefined,
    entra: config.entra ? { clientId: config.entra.clientId, tenantId: config.entra.tenantId } : undefined,
    playground: config.playground,
    seedDemo: config.seedDemo,
    open311: config.open311 ? { endpoint: redactUrl(config.open311.endpoint), jurisdictionId: config.open311.jurisdictionId } : undefined,
  };
}

/** Removes the password from a connection URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}
