import { Command } from 'commander';
import { openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrations.js';
import { exportDatabase, importDatabase } from '../db/transfer.js';
import { UserError } from '../errors.js';
import { ensureAdministrator } from '../hub/accounts/accounts.js';
import { createHub } from '../hub/platform/context.js';
import { outboxMailer } from '../hub/platform/mail.js';
import { loadReferenceData } from '../hub/taxonomy/taxonomy.js';
import { loadConfig } from '../server/config.js';
import { databaseConfig, startServer } from '../server/start.js';

function withDbOptions(c: Command): Command {
  return c
    .option('--data-dir <dir>', 'PGlite data directory (default DATA_DIR or data/local)')
    .option('--database-url <url>', 'a PostgreSQL server (default DATABASE_URL)');
}

function configFrom(opts: { dataDir?: string; databaseUrl?: string; port?: string }) {
  return loadConfig(process.env, {
    ...(opts.dataDir && { dataDir: opts.dataDir }),
    ...(opts.databaseUrl && { databaseUrl: opts.databaseUrl }),
    ...(opts.port !== undefined && { port: Number(opts.port) }),
  });
}

export function serveCommand(): Command {
  return withDbOptions(new Command('serve'))
    .option('--port <n>', 'port (default PORT or 3000)')
    .action(async (opts) => {
      const config = configFrom(opts);
      const running = await startServer(config);
      const where = running.database.kind === 'pglite' ? `PGlite in ${running.database.location}` : `PostgreSQL at ${running.database.location}`;
      process.stdout.write(`\nProximity is running at ${running.url}  (${where})\n`);
      if (running.admin) {
        process.stdout.write(`Demo administrator: ${running.admin.email} / ${running.admin.password}\n`);
        if (running.seededExamples) process.stdout.write('Seeded the reference lists, example members and organisations (marked "example"), and the demo library (ESRC projects from Gateway to Research, example items).\n');
      }
      process.stdout.write('Stop with Ctrl+C.\n\n');
      const stop = (signal: string) => {
        running.app.log.info({ signal }, 'shutting down');
        running.close().then(
          () => process.exit(0),
          (err) => {
            process.stderr.write(`proximity: shutdown failed: ${(err as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

export function dbCommand(): Command {
  const db = new Command('db');
  db.addCommand(
    withDbOptions(new Command('migrate').description('Apply pending migrations and load the reference lists')).action(async (opts) => {
      await withDatabase(opts, { migrate: false }, async (db) => {
        const result = await migrate(db);
        const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
        const counts = await loadReferenceData(db);
        process.stdout.write(`${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}; reference lists: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
      });
    }),
  );
  db.addCommand(
    withDbOptions(new Command('export').description('Write every table to a JSON-lines file (a lossless copy)'))
      .argument('<file>', 'output file')
      .action(async (file: string, opts) => {
        const counts = await withDatabase(opts, {}, (db) => exportDatabase(db, file));
        process.stdout.write(`exported ${summary(counts)} to ${file}\n`);
      }),
  );
  db.addCommand(
    withDbOptions(new Command('import').description('Load an export into an empty database (all or nothing)'))
      .argument('<file>', 'a file written by `proximity db export`')
      .action(async (file: string, opts) => {
        const counts = await withDatabase(opts, {}, (db) => importDatabase(db, file));
        process.stdout.write(`imported ${summary(counts)} from ${file}\n`);
      }),
  );
  return db;
}

/** Opens the database the options name, runs `work`, and closes it whatever happens. */
async function withDatabase<T>(opts: { dataDir?: string; databaseUrl?: string }, open: { migrate?: boolean }, work: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({ ...databaseConfig(configFrom(opts)), ...open });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

function summary(counts: Record<string, number>): string {
  return Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ') || 'nothing';
}

export function usersCommand(): Command {
  const users = new Command('users');
  users.addCommand(
    withDbOptions(new Command('create-admin').description('Create a verified administrator, or make an existing account one'))
      .requiredOption('--email <address>')
      .option('--name <name>', 'display name', 'Administrator')
      .option('--password-stdin', 'read the password from standard input (otherwise PROXIMITY_ADMIN_PASSWORD)')
      .action(async (opts) => {
        const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : process.env.PROXIMITY_ADMIN_PASSWORD;
        if (!password) throw new UserError('give the password on standard input with --password-stdin, or in PROXIMITY_ADMIN_PASSWORD', { field: 'password' });
        const r = await withDatabase(opts, {}, (db) =>
          ensureAdministrator(createHub({ db, mailer: outboxMailer(), baseUrl: configFrom(opts).baseUrl }), { email: opts.email, password, name: opts.name }),
        );
        process.stdout.write(`${r.created ? 'created' : 'updated'} administrator ${opts.email}\n`);
      }),
  );
  return users;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
