export * from './policy-check.js';
export * from './policy-rules.js';
export * from './policy.js';
export * from './cross-project-visibility.js';
