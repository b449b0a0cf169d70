// Loaded with `node --import` before anything else so HTTP and pg are instrumented.
import { startTracing } from '@muon/telemetry';

startTracing('ipam');
