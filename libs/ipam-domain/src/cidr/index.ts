export * from './ip-address.js';
export * from './cidr.js';
