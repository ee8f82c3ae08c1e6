export * from './table.js';
export * from './specialisation.js';
export * from './relatedness.js';
export * from './density.js';
export * from './complexity.js';
export * from './measures.js';
