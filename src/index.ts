export * as linalg from './linalg/index.js';
export * as regions from './regions/index.js';
export { UserError } from './errors.js';
export * as networks from './networks/index.js';
