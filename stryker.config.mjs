// Mutation testing (StrykerJS, command runner over node's test runner): `npm run test:mutation` runs each group of
// scripts/mutation.mjs, one Stryker run per group, with only the tests that exercise that group's files.
const groups = {
  access: { mutate: ['src/hub/access.ts'], tests: ['dist/test/hub/access.test.js'] },
  // the regions engine, one file per run (the measures and Stata tests take about 2 s, so a run is 2 s × mutants)
  specialisation: { mutate: ['src/regions/specialisation.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js'] },
  relatedness: { mutate: ['src/regions/relatedness.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js'] },
  density: { mutate: ['src/regions/density.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js'] },
  complexity: { mutate: ['src/regions/complexity.ts'], tests: ['dist/test/regions/measures.test.js', 'dist/test/regions/stata.test.js', 'dist/test/regions/credible.test.js'] },
  networks: {
    mutate: ['src/networks/communities.ts', 'src/networks/betweenness.ts', 'src/networks/centrality.ts', 'src/networks/brokerage.ts'],
    tests: ['dist/test/networks/metrics.test.js', 'dist/test/networks/boundaries.test.js'],
  },
  bibliographic: { mutate: ['src/formats/bibliographic.ts'], tests: ['dist/test/networks/records.test.js', 'dist/test/networks/science-maps.test.js'] },
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
