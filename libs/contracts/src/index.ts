export * from './envelope.js';
export * from './subjects.js';
export * from './errors.js';
export * from './context.js';
export * from './resource.js';
export * from './request-body.js';
export * from './list-query.js';
export * from './rpc.js';
