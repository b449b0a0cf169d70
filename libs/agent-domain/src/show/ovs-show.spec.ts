import { describe, expect, it } from '@jest/globals';
import { convergedActual, scenario } from '../../test/host-fixtures.js';
import { desiredHostState } from '../desired/desired-host.js';
import { renderOvsShow } from './ovs-show.js';

describe('ovs-vsctl show rendering', () => {
  it('prints bridges, ports, tags, types and options like ovs-vsctl', () => {
    const text = renderOvsShow(convergedActual(desiredHostState(scenario())).ovs, '3.1.0');
    expect(text).toBe(`f0000000-0000-4000-8000-000000000000
    Bridge br-int
        datapath_type: netdev
        Port br-int
            Interface br-int
                type: internal
        Port patch-tun
            Interface patch-tun
                type: patch
                options: {peer=patch-int}
        Port qvoc0000001-00
            tag: 1
            Interface qvoc0000001-00
        Port qvoc0000002-00
            tag: 1
            Interface qvoc0000002-00
        Port tapdddddddd-aa
            tag: 1
            Interface tapdddddddd-aa
    Bridge br-tun
        fail_mode: secure
        datapath_type: netdev
        Port br-tun
            Interface br-tun
                type: internal
        Port patch-int
            Interface patch-int
                type: patch
                options: {peer=patch-tun}
    ovs_version: "3.1.0"
`);
  });
});
