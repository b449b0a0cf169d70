export * from './revision.js';
export * from './timestamp.js';
export * from './tags.js';
export * from './create-defaults.js';
