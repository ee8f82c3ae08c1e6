import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { BIN, runCli, scratch } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

const TRADE = fixture('ecomplexity-sample', 'trade_data_sample.csv');
const { dir: tmp, file } = scratch('proximity-io-');

/** One line on stderr naming the file, exit code 2, no stack trace. */
function refused(args: string[], pattern: RegExp) {
  const r = runCli(args);
  assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.err}`);
  assert.match(r.err, pattern);
  assert.equal(r.err.trim().split('\n').length, 1, r.err);
  assert.doesNotMatch(r.err, /\n\s+at |Error:/);
}

describe('bad input files: one line naming the file, exit 2', () => {
  it('a binary file given to regions measures', () => {
    const bin = join(tmp, 'program.csv');
    writeFileSync(bin, readFileSync(process.execPath).subarray(0, 4000));
    refused(['regions', 'measures', bin], /program\.csv: is not a text file: it holds binary data \(a NUL byte at byte \d+/);
    writeFileSync(join(tmp, 'latin1.csv'), Buffer.from('region,activity,value\nK\xf6ln,a,1\n', 'latin1'));
    refused(['regions', 'measures', join(tmp, 'latin1.csv')], /latin1\.csv: is not UTF-8 text/);
  });

  it('an empty edge list, one of comments only, one of self-loops only', () => {
    refused(['networks', 'metrics', file('empty.txt', '')], /empty\.txt: has no ties .*there is no network to analyse/);
    refused(['networks', 'communities', file('comments.txt', '# nothing here\n\n')], /comments\.txt: has no ties/);
    refused(['networks', 'metrics', file('loops.txt', 'a a\nb b\n')], /loops\.txt: every tie is a self-loop \(2\)/);
  });

  it('a truncated gzip file is called truncated; a file that is not gzip is called so', () => {
    const whole = gzipSync(readFileSync(TRADE));
    writeFileSync(join(tmp, 'cut.csv.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    refused(['regions', 'measures', join(tmp, 'cut.csv.gz')], /cut\.csv\.gz: the gzip file is truncated/);
    const edges = gzipSync(Buffer.from(Array.from({ length: 5000 }, (_, i) => `n${i} n${(i * 7) % 5000}`).join('\n')));
    writeFileSync(join(tmp, 'cut.txt.gz'), edges.subarray(0, edges.length - 100));
    refused(['networks', 'metrics', join(tmp, 'cut.txt.gz')], /cut\.txt\.gz: the gzip file is truncated/);
    writeFileSync(join(tmp, 'plain.csv.gz'), readFileSync(TRADE));
    refused(['regions', 'measures', join(tmp, 'plain.csv.gz')], /plain\.csv\.gz: not a gzip file/);
    // and a whole one is read
    writeFileSync(join(tmp, 'whole.csv.gz'), whole);
    assert.equal(runCli(['regions', 'measures', join(tmp, 'whole.csv.gz'), '--format', 'csv']).out, runCli(['regions', 'measures', TRADE, '--format', 'csv']).out);
  });
});

describe('--out into a device or a FIFO writes into it and leaves the node as it was', () => {
  it('a FIFO', async () => {
    const fifo = join(tmp, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // a reader on the other end (opening a FIFO for writing waits for one)
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    reader.stdout.on('data', (c: Buffer) => (got += c.toString()));
    const done = new Promise((resolve) => reader.once('exit', resolve));
    const r = await new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, 'regions', 'measures', TRADE, '--format', 'csv', '--out', fifo], { stdio: 'inherit' }).once('exit', resolve));
    await done;
    assert.equal(r, 0);
    assert.equal(got.trim().split('\n').length, 601);
    assert.ok(statSync(fifo).isFIFO(), 'still a FIFO');
  });

  it('a character device (where the test may make one: as root)', { skip: process.getuid?.() === 0 ? false : 'making a device node needs root' }, () => {
    const node = join(tmp, 'null');
    assert.equal(spawnSync('mknod', [node, 'c', '1', '3']).status, 0); // the same device as /dev/null
    for (const args of [['regions', 'measures', TRADE], ['networks', 'metrics', fixture('networks', 'strike.net')]]) {
      const r = runCli([...args, '--out', node]);
      assert.equal(r.code, 0, r.err);
      const st = statSync(node);
      assert.ok(st.isCharacterDevice(), `${args[1]}: still a character device`);
    }
    assert.ok(statSync('/dev/null').isCharacterDevice());
  });

  it('a regular file is still replaced whole', () => {
    const out = join(tmp, 'measures.csv');
    writeFileSync(out, 'old');
    assert.equal(runCli(['regions', 'measures', TRADE, '--format', 'csv', '--out', out]).code, 0);
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 601);
  });
});
