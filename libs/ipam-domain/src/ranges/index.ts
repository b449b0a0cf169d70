export * from './integer-range.js';
export * from './range-set.js';
export * from './random-source.js';
export * from './free-members.js';
