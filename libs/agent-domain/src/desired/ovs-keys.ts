/** Port.external_ids mark of the OVS ports the agent created (and may therefore delete). */
export const OWNER_KEY = 'muon-owner';
export const OWNER_AGENT = 'agent';
/** Port.other_config keys Neutron's OVS agent writes on every port it wires. */
export const OTHER_CONFIG_NETWORK = 'net_uuid';
export const OTHER_CONFIG_NETWORK_TYPE = 'network_type';
export const OTHER_CONFIG_PHYSICAL_NETWORK = 'physical_network';
export const OTHER_CONFIG_SEGMENTATION_ID = 'segmentation_id';
/** Interface.external_ids a compute driver (os-vif) sets on a VM's interface. */
export const IFACE_ID = 'iface-id';
export const ATTACHED_MAC = 'attached-mac';
export const IFACE_STATUS = 'iface-status';
