/** Injection tokens shared by every service. */
export const NATS = Symbol('NATS');
export const RPC_CLIENT = Symbol('RPC_CLIENT');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const CONFIG = Symbol('CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
