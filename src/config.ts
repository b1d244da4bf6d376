/**
 * Environment -> typed configuration, validated once at startup.
 * A bad value fails with one line naming the variable and what it expects.
 */
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_MERGE_STEPS } from './text/merge';

export type AuthConfig =
  | { mode: 'secret'; secret: string; secretIsDefault: boolean }
  | {
      mode: 'jwks';
      jwksUrl: string;
      issuer: string;
      audience: string;
      /** OIDC_CLIENT_ID: the web app signs in with this public client (authorization code + PKCE at JWT_ISSUER). */
      webClientId?: string;
    };

export interface Limits {
  /** Largest accepted HTTP body, in bytes. */
  bodyBytes: number;
  /** Largest accepted WebSocket message, in bytes. */
  wsMessageBytes: number;
  /** Most nested selection depth. */
  maxDepth: number;
  /** Most aliases in one operation. */
  maxAliases: number;
  /** Most lexical tokens in one document. */
  maxTokens: number;
  /** Most cost units in one operation (a connection costs its `first`, another list of objects its declared bound). */
  maxCost: number;
  /** Most steps one three-way merge of client text may take (past it: CONFLICT, never a stall). */
  mergeSteps: number;
  /** Most objects in the lists of one response (one subscription event's included). */
  maxResponseNodes: number;
  /** Largest response (one subscription event's included), in bytes of its text. */
  maxResponseBytes: number;
  /** Co-typing: largest Yjs update a client may push, in bytes. */
  yjsUpdateBytes: number;
  /** Co-typing: largest section document (its whole state as one update), in bytes. */
  yjsDocumentBytes: number;
  /** Co-typing: updates after a section's snapshot past which the snapshot is rewritten. */
  yjsCompactEvery: number;
  /** Co-typing: a pause this long (ms) ends an author's burst of typing, i.e. cuts its revision. */
  yjsBurstIdleMs: number;
  /** Co-typing: a burst of typing longer than this (ms) is cut into another revision. */
  yjsBurstMaxMs: number;
  /** Co-typing: how often (ms) a hub with open bursts looks for paused ones to cut. */
  yjsBurstSweepMs: number;
  /** Co-typing: updates one client (one person's Yjs client id) may push per second, averaged over 10 s; past it, RATE_LIMITED. */
  yjsUpdatesPerSecond: number;
}

export interface RateLimits {
  /** Operations per minute for one signed-in user (HTTP and WebSocket together). */
  userPerMinute: number;
  /** HTTP requests per minute from one address; anonymous WebSocket operations and every WebSocket connection count here too. */
  addressPerMinute: number;
  /** Open WebSocket connections for one signed-in user. */
  wsConnectionsPerUser: number;
  /** Open anonymous WebSocket connections from one address (signed-in ones count per user instead). */
  wsConnectionsPerAddress: number;
  /** Subscriptions running at once on one WebSocket connection. */
  wsSubscriptionsPerSocket: number;
}

/** Notifications: the mail transport, links, unsubscribe signing and the job queue (pg-boss, schema `pgboss`). */
export interface NotificationConfig {
  /** Set: mail goes out over SMTP; unset: mails are kept in the database (shown at /dev/mail with the dev secret). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The hub's address as people reach it, for links in mails (no trailing slash). */
  publicUrl: string;
  /** Signs one-click unsubscribe links. */
  unsubscribeSecret: string;
  /** Whether this instance works the queue (every instance enqueues). */
  workers: boolean;
  dailyDigestCron: string;
  weeklyDigestCron: string;
  /** Time zone of the digest schedules. */
  digestTimeZone: string;
  /** The mail jobs' retry policy in pg-boss (given to every job a hub enqueues). */
  jobs: NotificationJobConfig;
}

/**
 * How pg-boss retries a mail job: a job whose hub died while it was active
 * stays active until `expireSeconds` have passed since it started, then is
 * retried at the next maintenance pass (every `maintenanceSeconds`, run by one
 * working instance at a time); a failed or expired job is retried up to
 * `retryLimit` times, `retryDelaySeconds` apart, doubling each time.
 */
export interface NotificationJobConfig {
  expireSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
  maintenanceSeconds: number;
  /**
   * How often (s) an idle worker of the scheduled queues (digests, reminders) looks for a job: their jobs come
   * from cron schedules by the minute, or from `runDigest`, which wakes this instance's worker at once.
   */
  scheduledPollSeconds: number;
  /**
   * How often (s) an idle worker of the mail queues looks for a job nobody woke it for: this instance wakes its
   * own once the transaction that enqueued a mail commits; another instance's mail, and a retry, wait for the look.
   */
  mailPollSeconds: number;
}

export interface DocumentConfig {
  /** Largest upload, in bytes (DOCUMENT_MAX_BYTES). */
  maxBytes: number;
  /** Media types an upload may have (DOCUMENT_TYPES), each checked against the file's bytes. */
  types: string[];
  /** Uploads never attached are removed once this many hours old (DOCUMENT_UNATTACHED_HOURS). */
  unattachedHours: number;
  /** Uploads streaming at once on one hub instance (each holds a database connection): past it, RATE_LIMITED (DOCUMENT_UPLOADS_AT_ONCE). */
  uploadsAtOnce: number;
  /** An upload that sends nothing for this many seconds is dropped, and nothing of it is kept (DOCUMENT_UPLOAD_IDLE_SECONDS). */
  uploadIdleSeconds: number;
}

export interface Config {
  port: number;
  /** Interface to listen on: loopback while the printed dev secret is in use, unless HOST says otherwise. */
  host: string;
  production: boolean;
  logLevel: string;
  /** Set: use this database and start no embedded one. */
  databaseUrl: string | undefined;
  /** Statements each database connection keeps prepared (DATABASE_PREPARED_STATEMENTS; 0: none; src/db/prepared-statements.ts). */
  preparedStatements: number;
  /** Where the embedded PostgreSQL keeps its data. */
  dataDir: string;
  embeddedPgPort: number;
  /** Load the demo network at start: CNZ_DEMO, else only on the embedded database; never in production. */
  demo: boolean;
  redisUrl: string | undefined;
  auth: AuthConfig;
  corsOrigins: string[];
  limits: Limits;
  rateLimits: RateLimits;
  notifications: NotificationConfig;
  /** The printed dev secret signs tokens: dev-only pages (/dev/mail) are served. */
  devOnly: boolean;
  documents: DocumentConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Dev-only signing secret, printed at start so a newcomer can mint tokens. */
export const DEV_JWT_SECRET = 'cnz-hub-dev-secret-do-not-use-in-production';

/** Secrets printed in this repository (dev default, tests, examples): anyone can sign with them. */
export const PUBLISHED_SECRETS: readonly string[] = [
  DEV_JWT_SECRET,
  'cnz-test-secret-0123456789-abcdefghij',
  'another-secret-another-secret-1234567',
  'change-me-to-a-long-random-secret-of-32+-chars',
];

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

/** The media types the hub can recognize by their bytes, by the names DOCUMENT_TYPES may also use. */
export const DOCUMENT_MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

function documentTypes(env: Env): string[] {
  const raw = env.DOCUMENT_TYPES;
  if (raw === undefined || raw.trim() === '') return Object.values(DOCUMENT_MEDIA_TYPES);
  const known = Object.values(DOCUMENT_MEDIA_TYPES);
  const types = raw
    .split(',')
    .map((type) => type.trim().toLowerCase())
    .filter(Boolean)
    .map((type) => DOCUMENT_MEDIA_TYPES[type] ?? type);
  const unknown = types.find((type) => !known.includes(type));
  if (unknown !== undefined) {
    throw new ConfigError(`DOCUMENT_TYPES must list some of ${Object.keys(DOCUMENT_MEDIA_TYPES).join(', ')} (or their media types), got "${unknown}"`);
  }
  return [...new Set(types)];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function authConfig(env: Env, production: boolean): AuthConfig {
  const jwksUrl = url(env, 'JWT_JWKS_URL', ['https', 'http']);
  if (jwksUrl) {
    const issuer = env.JWT_ISSUER;
    const audience = env.JWT_AUDIENCE;
    if (!issuer || !audience) {
      throw new ConfigError('JWT_JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE as well');
    }
    return { mode: 'jwks', jwksUrl, issuer, audience, ...(env.OIDC_CLIENT_ID ? { webClientId: env.OIDC_CLIENT_ID } : {}) };
  }
  if (env.OIDC_CLIENT_ID) throw new ConfigError('OIDC_CLIENT_ID needs JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE (the provider the web app signs in with)');
  const secret = env.JWT_SECRET;
  if (secret) {
    if (secret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
    if (production && PUBLISHED_SECRETS.includes(secret)) {
      throw new ConfigError('JWT_SECRET is published in the repository; set a random one (e.g. `openssl rand -base64 48`)');
    }
    return { mode: 'secret', secret, secretIsDefault: false };
  }
  if (production) {
    throw new ConfigError('NODE_ENV=production needs JWT_SECRET or JWT_JWKS_URL + JWT_ISSUER + JWT_AUDIENCE');
  }
  return { mode: 'secret', secret: DEV_JWT_SECRET, secretIsDefault: true };
}

function demo(env: Env, production: boolean, databaseUrl: string | undefined): boolean {
  const raw = env.CNZ_DEMO;
  if (raw !== undefined && raw !== '' && raw !== 'true' && raw !== 'false') {
    throw new ConfigError(`CNZ_DEMO must be true or false, got "${raw}"`);
  }
  if (production && raw === 'true') {
    throw new ConfigError('CNZ_DEMO=true is refused with NODE_ENV=production: the demo network holds well-known accounts');
  }
  if (production) return false;
  return raw ? raw === 'true' : databaseUrl === undefined;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

const CRON = /^(\S+\s+){4}\S+$/;

function cron(env: Env, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!CRON.test(value.trim())) throw new ConfigError(`${name} must be a cron expression of five fields, got "${value}"`);
  return value.trim();
}

function notificationConfig(env: Env, auth: AuthConfig, port: number, production: boolean): NotificationConfig {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp', 'smtps']);
  const publicUrl = (url(env, 'PUBLIC_URL', ['https', 'http']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let unsubscribeSecret = env.UNSUBSCRIBE_SECRET;
  if (unsubscribeSecret && unsubscribeSecret.length < 32) throw new ConfigError('UNSUBSCRIBE_SECRET must be at least 32 characters');
  if (!unsubscribeSecret) {
    if (auth.mode === 'secret') unsubscribeSecret = createHmac('sha256', auth.secret).update('cnz-hub unsubscribe links').digest('base64url');
    else if (smtpUrl || production) throw new ConfigError('SMTP_URL with JWT_JWKS_URL needs UNSUBSCRIBE_SECRET (32+ characters) to sign unsubscribe links');
    else unsubscribeSecret = randomBytes(32).toString('base64url');
  }
  return {
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'CNZ hub <no-reply@cnz-hub.invalid>',
    publicUrl,
    unsubscribeSecret,
    workers: bool(env, 'NOTIFICATION_WORKERS', true),
    dailyDigestCron: cron(env, 'DAILY_DIGEST_CRON', '0 7 * * *'),
    weeklyDigestCron: cron(env, 'WEEKLY_DIGEST_CRON', '0 7 * * 1'),
    digestTimeZone: env.DIGEST_TZ || 'America/Chicago',
    jobs: {
      expireSeconds: integer(env, 'NOTIFICATION_JOB_EXPIRE_SECONDS', 120, 1, 3600),
      retryLimit: integer(env, 'NOTIFICATION_JOB_RETRIES', 5, 0, 100),
      retryDelaySeconds: integer(env, 'NOTIFICATION_JOB_RETRY_DELAY_SECONDS', 1, 0, 3600),
      maintenanceSeconds: integer(env, 'NOTIFICATION_QUEUE_MAINTENANCE_SECONDS', 120, 1, 3600),
      scheduledPollSeconds: integer(env, 'NOTIFICATION_SCHEDULED_POLL_SECONDS', 15, 1, 3600),
      mailPollSeconds: integer(env, 'NOTIFICATION_MAIL_POLL_SECONDS', 5, 1, 3600),
    },
  };
}

/** Reads and validates the environment. Throws ConfigError with one clear line. */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const logLevel = env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const auth = authConfig(env, production);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const devSecret = auth.mode === 'secret' && auth.secretIsDefault;
  const port = integer(env, 'PORT', 4000, 0, 65535);
  return {
    port,
    host: env.HOST || (devSecret ? '127.0.0.1' : '0.0.0.0'),
    production,
    logLevel,
    databaseUrl,
    preparedStatements: integer(env, 'DATABASE_PREPARED_STATEMENTS', 100, 0, 1000),
    dataDir: path.resolve(env.CNZ_DATA_DIR || '.data'),
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    demo: demo(env, production, databaseUrl),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    auth,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    limits: {
      bodyBytes: integer(env, 'LIMIT_BODY_BYTES', 1_000_000, 1024),
      wsMessageBytes: integer(env, 'LIMIT_WS_MESSAGE_BYTES', 1_000_000, 1024),
      maxDepth: integer(env, 'LIMIT_DEPTH', 12, 2),
      maxAliases: integer(env, 'LIMIT_ALIASES', 30, 1),
      maxTokens: integer(env, 'LIMIT_TOKENS', 5000, 100),
      maxCost: integer(env, 'LIMIT_COST', 250_000, 100),
      mergeSteps: integer(env, 'LIMIT_MERGE_STEPS', DEFAULT_MERGE_STEPS, 1000),
      maxResponseNodes: integer(env, 'LIMIT_RESPONSE_NODES', 50_000, 10),
      maxResponseBytes: integer(env, 'LIMIT_RESPONSE_BYTES', 10_000_000, 10_000),
      yjsUpdateBytes: integer(env, 'LIMIT_YJS_UPDATE_BYTES', 64 * 1024, 64),
      yjsDocumentBytes: integer(env, 'LIMIT_YJS_DOCUMENT_BYTES', 4 * 1024 * 1024, 1024),
      yjsCompactEvery: integer(env, 'YJS_COMPACT_EVERY', 100, 1),
      yjsBurstIdleMs: integer(env, 'YJS_BURST_IDLE_MS', 10_000, 1),
      yjsBurstMaxMs: integer(env, 'YJS_BURST_MAX_MS', 120_000, 1),
      yjsBurstSweepMs: integer(env, 'YJS_BURST_SWEEP_MS', 1000, 10),
      yjsUpdatesPerSecond: integer(env, 'YJS_UPDATES_PER_SECOND', 30, 1),
    },
    rateLimits: {
      userPerMinute: integer(env, 'RATE_LIMIT_USER_PER_MINUTE', 1200, 1),
      addressPerMinute: integer(env, 'RATE_LIMIT_ADDRESS_PER_MINUTE', 3000, 1),
      wsConnectionsPerUser: integer(env, 'WS_CONNECTIONS_PER_USER', 50, 1),
      wsConnectionsPerAddress: integer(env, 'WS_CONNECTIONS_PER_ADDRESS', 50, 1),
      wsSubscriptionsPerSocket: integer(env, 'WS_SUBSCRIPTIONS_PER_SOCKET', 100, 1),
    },
    notifications: notificationConfig(env, auth, port, production),
    devOnly: devSecret && !production,
    documents: {
      maxBytes: integer(env, 'DOCUMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 2_000_000_000),
      types: documentTypes(env),
      unattachedHours: integer(env, 'DOCUMENT_UNATTACHED_HOURS', 24, 1, 24 * 365),
      uploadsAtOnce: integer(env, 'DOCUMENT_UPLOADS_AT_ONCE', 8, 1, 1000),
      uploadIdleSeconds: integer(env, 'DOCUMENT_UPLOAD_IDLE_SECONDS', 30, 1, 3600),
    },
  };
}
