/** What `npm start` runs, in start order; the gateway last so it is ready when it answers. */
export interface ServiceProcess {
  name: string;
  /** Environment variable that sets the replica count. */
  replicasVar?: string;
  defaultReplicas: number;
}

export const SERVICES: ServiceProcess[] = [
  { name: 'ipam', replicasVar: 'MUON_IPAM_REPLICAS', defaultReplicas: 1 },
  { name: 'l3', replicasVar: 'MUON_L3_REPLICAS', defaultReplicas: 1 },
  { name: 'lbaas', replicasVar: 'MUON_LBAAS_REPLICAS', defaultReplicas: 1 },
  { name: 'firewall', replicasVar: 'MUON_FIREWALL_REPLICAS', defaultReplicas: 1 },
  { name: 'agent', defaultReplicas: 1 },
  { name: 'api', replicasVar: 'MUON_API_REPLICAS', defaultReplicas: 1 },
];
