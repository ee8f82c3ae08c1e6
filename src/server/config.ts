import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

/** Settings, from the environment (see the README's configuration table). */
export interface ServerConfig {
  port: number;
  host: string;
  /** PGlite's files and the demo/secret files live here (`memory` for a throwaway run). */
  dataDir: string;
  databaseUrl?: string;
  baseUrl: string;
  smtp?: { url: string; from: string };
  sessionSecret: string;
  /** Sign-in, sign-up and reset requests per IP per minute. */
  authRateLimit: number;
  logLevel: string;
  secureCookies: boolean;
  trustProxy: boolean;
  /** Seed example members into an empty database. */
  examples: boolean;
  /** The largest upload accepted, in bytes (UPLOAD_LIMIT_MB). */
  uploadLimit: number;
  /** What one member's uploads may take in all, in bytes (UPLOAD_QUOTA_MB). */
  uploadQuota: number;
  /** Files one member may upload in an hour (UPLOADS_PER_HOUR). */
  uploadsPerHour: number;
  /** Months a stakeholder contact who is not a member is kept after their last activity (CONTACT_RETENTION_MONTHS). */
  contactRetentionMonths: number;
  /** Run the scheduled engagement jobs (reminders, digests, retention) in this process (ENGAGEMENT_JOBS, default true). */
  engagementJobs: boolean;
  /** The built web app (dist/web); absent in API-only runs. */
  webDir?: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`must be a whole number from ${min} to ${max}, got "${v}"`, { field: name });
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const port = overrides.port ?? int(env, 'PORT', 3000, 0, 65535);
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const dataDir = overrides.dataDir ?? env.DATA_DIR ?? 'data/local';
  const databaseUrl = overrides.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UserError('must start with postgres:// or postgresql://', { field: 'DATABASE_URL' });
  const baseUrl = (overrides.baseUrl ?? env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new UserError('must be an http(s) address', { field: 'BASE_URL' });
  const smtp = env.SMTP_URL ? { url: env.SMTP_URL, from: env.SMTP_FROM ?? 'Proximity <no-reply@localhost>' } : undefined;
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    baseUrl,
    smtp: overrides.smtp ?? smtp,
    sessionSecret: overrides.sessionSecret ?? env.SESSION_SECRET ?? sessionSecretFor(dataDir),
    authRateLimit: overrides.authRateLimit ?? int(env, 'AUTH_RATE_LIMIT', 20, 1, 1_000_000),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    secureCookies: overrides.secureCookies ?? baseUrl.startsWith('https://'),
    trustProxy: overrides.trustProxy ?? env.TRUST_PROXY === 'true',
    examples: overrides.examples ?? env.SEED_EXAMPLES !== 'false',
    uploadLimit: overrides.uploadLimit ?? int(env, 'UPLOAD_LIMIT_MB', 20, 1, 1024) * 1024 * 1024,
    uploadQuota: overrides.uploadQuota ?? int(env, 'UPLOAD_QUOTA_MB', 500, 1, 1024 * 1024) * 1024 * 1024,
    uploadsPerHour: overrides.uploadsPerHour ?? int(env, 'UPLOADS_PER_HOUR', 60, 1, 100_000),
    contactRetentionMonths: overrides.contactRetentionMonths ?? int(env, 'CONTACT_RETENTION_MONTHS', 24, 1, 600),
    engagementJobs: overrides.engagementJobs ?? env.ENGAGEMENT_JOBS !== 'false',
    webDir: overrides.webDir,
  };
}

/** Without SESSION_SECRET, a random secret kept in the data directory (so restarts keep sessions). */
function sessionSecretFor(dataDir: string): string {
  if (dataDir === 'memory') return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
