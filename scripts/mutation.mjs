#!/usr/bin/env node
// `npm run test:mutation [group…]`: one Stryker run per group of stryker.config.mjs, then the mutation score of every
// mutated file (killed and timed-out mutants over all that ran: Stryker's score) and the mutants that survived.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { groups } from '../stryker.config.mjs';

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(groups);
const rows = [];
for (const name of wanted) {
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: 'inherit', env: { ...process.env, MUTATION_GROUP: name } });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (s) => mutants.filter((m) => s.includes(m.status)).length;
    const detected = count(['Killed', 'Timeout']);
    const valid = count(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
    const survived = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
    rows.push({ file, score: valid ? (100 * detected) / valid : 100, detected, valid, survived });
  }
}
console.log('\n| File | Mutation score | Killed / valid |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.file} | ${r.score.toFixed(1)}% | ${r.detected} / ${r.valid} |`);
for (const r of rows) {
  if (r.survived.length === 0) continue;
  console.log(`\nSurvived in ${r.file}:`);
  for (const m of r.survived) console.log(`  line ${m.location.start.line}: ${m.mutatorName}${m.replacement ? ` → ${m.replacement.replace(/\s+/g, ' ').slice(0, 80)}` : ''}`);
}
const low = rows.filter((r) => r.score < 80);
if (low.length) {
  console.log(`\n${low.length} file(s) under 80%: ${low.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
