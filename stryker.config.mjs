// Mutation testing (StrykerJS, command runner over node's test runner): `npm run test:mutation` runs each group of
// scripts/mutation.mjs, one Stryker run per group, with only the tests that exercise that group's files.
const groups = {
  access: { mutate: ['src/hub/platform/access.ts'], tests: ['dist/test/hub/access.test.js'] },
  // the regions engine, one file per run (the measures and Stata tests take about 2 s, so a run is 2 s × mutants)
  specialisation: { mutate: ['src/regions/specialisation.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js'] },
  relatedness: { mutate: ['src/regions/relatedness.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js'] },
  density: { mutate: ['src/regions/density.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js'] },
  complexity: { mutate: ['src/regions/complexity.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js', 'dist/test/regions/credible.test.js'] },
  // the network kernels, one file per run, against NetworkX, igraph and exact enumerations on small graphs (2 s;
  // metrics.test.js's SNAP graphs take 30 s and would make a run last hours)
  ...Object.fromEntries(
    ['communities', 'betweenness', 'centrality', 'brokerage'].map((file) => [
      file,
      { mutate: [`src/networks/${file}.ts`], tests: ['dist/test/networks/reference-graphs.test.js', ...(file === 'brokerage' ? ['dist/test/networks/boundaries.test.js'] : [])] },
    ]),
  ),
  // the importers' entry points and who is who across records (bibliographic.ts was the whole importer when the
  // scope was set; it is now split into bibliographic/)
  bibliographic: { mutate: ['src/formats/bibliographic.ts', 'src/formats/bibliographic/authors.ts'], tests: ['dist/test/networks/records.test.js'] },
  names: { mutate: ['src/formats/bibliographic/names.ts'], tests: ['dist/test/networks/records.test.js'] },
  wos: { mutate: ['src/formats/bibliographic/wos.ts'], tests: ['dist/test/networks/records.test.js'] },
  // the services' own permission checks (line ranges: who may see, edit, submit, review, archive, delete items, their
  // files and collections; a disabled account), beyond access.ts's roles
  permissions: {
    mutate: [
      'src/hub/library/library.ts:99-104',
      'src/hub/library/library.ts:118-143',
      'src/hub/library/library.ts:320-326',
      'src/hub/library/library.ts:369-372',
      'src/hub/library/library.ts:393-397',
      'src/hub/library/library.ts:420-423',
      'src/hub/library/library.ts:540-545',
      'src/hub/library/library.ts:598-603',
      'src/hub/library/attachments.ts:97-97',
      'src/hub/library/attachments.ts:149-149',
      'src/hub/library/collections.ts:41-45',
      'src/hub/library/collections.ts:148-149',
      'src/hub/accounts/accounts.ts:228-228',
    ],
    tests: ['dist/test/hub/permissions.test.js'],
  },
};
const name = process.env.MUTATION_GROUP ?? 'access';
const group = groups[name];
if (!group) throw new Error(`MUTATION_GROUP: one of ${Object.keys(groups).join(', ')}`);

export default {
  testRunner: 'command',
  commandRunner: { command: `node --test --test-reporter=dot ${group.tests.join(' ')}` },
  buildCommand: 'npx tsc -p tsconfig.json',
  mutate: group.mutate,
  coverageAnalysis: 'off',
  concurrency: 2,
  // a mutant that makes a test loop is a timeout (detected): 10 s over the usual run
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['data/db', 'reports', '.stryker-tmp', 'web/node_modules', 'web/dist'],
  thresholds: { high: 90, low: 80, break: null },
};
export { groups };
