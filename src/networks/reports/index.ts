/** The network reports: parsed inputs and options in, {columns, rows, notices, meta} out; shared by the CLI, API and web. */
export * from './inputs.js';
export * from './metrics.js';
export * from './communities.js';
export * from './brokerage.js';
export * from './diversity.js';
export * from './export.js';
export * from './proximities.js';
export * from './spectrum.js';
export * from './describe.js';
export * from './themes.js';
export * from './graph.js';
