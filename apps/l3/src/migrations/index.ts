import { L3ReadModels0001 } from './0001-l3-read-models.js';

/** Committed in order; never edited once released (a change is a new migration). */
export const l3Migrations = [L3ReadModels0001];
