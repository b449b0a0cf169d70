import { Inject, Injectable } from '@nestjs/common';
import type { RpcClient } from '@muon/messaging';
import { RPC_CLIENT } from '@muon/service-kit';
import { IpamClient } from './ipam-client.js';

/** The l3 service's IpamClient, as a provider. */
@Injectable()
export class L3Ipam {
  readonly client: IpamClient;

  constructor(@Inject(RPC_CLIENT) readonly rpc: RpcClient) {
    this.client = new IpamClient(rpc);
  }
}
