export * from './dhcp-schedule.js';
