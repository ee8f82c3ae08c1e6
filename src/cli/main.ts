#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { HubError } from '../hub/platform/errors.js';

/**
 * The top-level commands, each loaded only when it runs: `proximity regions …` never loads the hub's server
 * stack, and `proximity --help` loads none of them.
 */
const COMMANDS: Record<string, { description: string; load: () => Promise<Command> }> = {
  regions: { description: 'regional capabilities: specialisation, relatedness, complexity, variety, dynamics, opportunities, clusters, partners', load: async () => (await import('./regions.js')).regionsCommand() },
  networks: { description: 'Knowledge networks: metrics and communities of collaboration graphs', load: async () => (await import('./networks.js')).networksCommand() },
  serve: { description: 'Serve the web app and the API (PGlite unless DATABASE_URL is set)', load: async () => (await import('./platform.js')).serveCommand() },
  db: { description: 'Database: migrate, export, import', load: async () => (await import('./platform.js')).dbCommand() },
  users: { description: 'Accounts', load: async () => (await import('./platform.js')).usersCommand() },
};

// `proximity … | head` closes the pipe early: that is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command('proximity')
  .description('Proximity: the hub of an innovation network, with regional capabilities and knowledge network analytics')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const invoked = words[0] === 'help' ? words[1] : words[0];
for (const [name, spec] of Object.entries(COMMANDS)) {
  program.addCommand((name === invoked ? await spec.load() : new Command(name)).description(spec.description));
}
for (const c of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) c.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UserError) {
    // the reports name an option as the API does (minSize); the command line knows it as a flag (--min-size). A
    // field beside a file is a column of the file, and stays as it is.
    const field = err.where?.field;
    const shown = field && !err.where?.file && /^[a-z][a-zA-Z]*$/.test(field) ? new UserError(err.message, { ...err.where, field: `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` }) : err;
    process.stderr.write(`proximity: ${shown.toString()}\n`);
    process.exitCode = 2;
  } else if (err instanceof HubError) {
    // a refusal of the hub's (validation, conflict…): its message already names the field
    process.stderr.write(`proximity: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
