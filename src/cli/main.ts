#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { HubError } from '../hub/errors.js';
import { networksCommand } from './networks.js';
import { regionsCommand } from './regions.js';
import { dbCommand, serveCommand, usersCommand } from './platform.js';

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
program.addCommand(regionsCommand());
program.addCommand(networksCommand());
program.addCommand(serveCommand());
program.addCommand(dbCommand());
program.addCommand(usersCommand());
for (const c of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) c.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UserError) {
    process.stderr.write(`proximity: ${err.toString()}\n`);
    process.exitCode = 2;
  } else if (err instanceof HubError) {
    // a refusal of the hub's (validation, conflict…): its message already names the field
    process.stderr.write(`proximity: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
