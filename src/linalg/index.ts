export * from './dense.js';
export * from './sparse.js';
export * from './bitset.js';
export * from './eigen.js';
export * from './stats.js';
export * from './random.js';
