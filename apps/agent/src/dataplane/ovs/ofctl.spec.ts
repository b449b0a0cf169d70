import { describe, expect, it } from '@jest/globals';
import { summariseFlowDump } from './ofctl.js';

describe('ovs-ofctl dump-flows summary', () => {
  it('counts flows and collects cookies; a flow without a cookie has cookie 0', () => {
    const dump = [
      'NXST_FLOW reply (xid=0x4):',
      ' cookie=0x47a591cdf2b7e744, priority=0 actions=NORMAL',
      ' cookie=0x047a5, table=2, priority=1,dl_vlan=1 actions=strip_vlan,set_tunnel:0x3e9,output:10',
      ' priority=0 actions=NORMAL',
      '',
    ].join('\n');
    expect(summariseFlowDump(dump)).toEqual({ count: 3, cookies: ['0', '47a5', '47a591cdf2b7e744'] });
    expect(summariseFlowDump('NXST_FLOW reply (xid=0x4):\n')).toEqual({ count: 0, cookies: [] });
  });
});
