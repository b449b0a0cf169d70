// `npm run rebuild`: drops IPAM's read models and replays the event log into them.
import { rebuildReadModels } from '@muon/eventstore';
import { loadConfig } from '@muon/service-kit';
import { ipamStoreOptions } from './store/ipam-store-options.js';

await rebuildReadModels(ipamStoreOptions(loadConfig()));
