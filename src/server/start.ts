import { join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { openDatabase, ping, type Database } from '../db/connection.js';
import { createHub, type Hub } from '../hub/platform/context.js';
import { diskStore, tempStore } from '../hub/platform/files.js';
import { outboxMailer, smtpMailer } from '../hub/platform/mail.js';
import { seed } from '../hub/seed.js';
import { startProgrammeReminders } from '../hub/programmes/reminders.js';
import { startEngagementJobs } from '../hub/engagement/schedule.js';
import { buildApp, LOG_SERIALIZERS } from './app.js';
import type { ServerConfig } from './config.js';
import { UserError } from '../errors.js';

/** dist/web, next to dist/src. */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');

export function databaseConfig(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>) {
  return config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir === 'memory' ? 'memory' : join(config.dataDir, 'pglite') };
}

export interface Running {
  app: FastifyInstance;
  database: Database;
  hub: Hub;
  url: string;
  admin?: { email: string; password: string };
  seededExamples: boolean;
  close(): Promise<void>;
}

/** Opens (and migrates) the database, seeds it, and listens. */
export async function startServer(config: ServerConfig, logStream?: NodeJS.WritableStream): Promise<Running> {
  const database = await openDatabase(databaseConfig(config));
  const mailer = config.smtp ? smtpMailer(config.smtp) : outboxMailer();
  const hub = createHub({
    db: database.db,
    mailer,
    baseUrl: config.baseUrl,
    files: config.dataDir === 'memory' ? tempStore() : diskStore(join(config.dataDir, 'uploads')),
    uploadLimit: config.uploadLimit,
    uploadQuota: config.uploadQuota,
    uploadsPerHour: config.uploadsPerHour,
    secret: config.sessionSecret,
  });
  const seeded = await seed(hub, { examples: config.examples, dataDir: config.dataDir });
  const app = await buildApp({
    hub,
    sessionSecret: config.sessionSecret,
    secureCookies: config.secureCookies,
    authRateLimit: config.authRateLimit,
    trustProxy: config.trustProxy,
    webDir: config.webDir ?? WEB_DIR,
    ready: () => ping(database.db),
    logger: {
      level: config.logLevel,
      serializers: LOG_SERIALIZERS,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token'], censor: '[redacted]' },
      ...(logStream && { stream: logStream }),
    },
  });
  // graceful shutdown: stop accepting, let requests in progress finish (at most 10 s), then close the database
  let inFlight = 0;
  let idle: (() => void) | null = null;
  app.addHook('onRequest', async (_request, reply) => {
    inFlight++;
    // 'close' comes once per response, whether it was sent in full or its client went away
    reply.raw.once('close', () => {
      if (--inFlight === 0) idle?.();
    });
  });
  const drained = () =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, 10_000).unref();
        });
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    await database.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UserError(`cannot listen on ${config.host}:${config.port} (${code === 'EADDRINUSE' ? 'already in use' : code})`, { field: 'PORT' });
    }
    throw err;
  }
  const stopReminders = startProgrammeReminders(hub, app.log);
  const stopEngagement = config.engagementJobs ? await startEngagementJobs(hub, app.log, { retentionMonths: config.contactRetentionMonths }) : async () => {};
  let closing: Promise<void> | undefined;
  return {
    app,
    database,
    hub,
    url: config.port === 0 ? address : config.baseUrl,
    admin: seeded.admin,
    seededExamples: seeded.seededExamples,
    close: () => (closing ??= (stopReminders(), stopEngagement().then(() => app.close()).then(drained).then(() => database.close()))),
  };
}
