/** The regions reports: parsed inputs and options in, {columns, rows, notices, meta} out; shared by the CLI, API and web. */
export * from './inputs.js';
export * from './measures.js';
export * from './specialisation.js';
export * from './relatedness.js';
export * from './opportunities.js';
export * from './target.js';
export * from './partners.js';
export * from './complexity.js';
export * from './space.js';
export * from './clusters.js';
export * from './variety.js';
export * from './dynamics.js';
export * from './comparison.js';
export * from './catalogue.js';
