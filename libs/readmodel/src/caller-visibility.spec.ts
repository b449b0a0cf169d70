import { describe, expect, it } from '@jest/globals';
import { NeutronError, portResource } from '@muon/contracts';
import { callerVisibility } from './caller-visibility.js';

describe('callerVisibility', () => {
  it('an admin sees every project and every attribute', () => {
    expect(callerVisibility(portResource, { isAdmin: true, roles: ['admin'], projectId: 'p1' })).toEqual({ projectId: null });
  });

  it('a member sees their project, the extra rows asked for, and no attribute the policy hides from it', () => {
    const when = [{ attribute: 'shared', value: true }];
    const through = [{ table: 'grants', idAttribute: 'port_id', matchAny: [{ grantee: 'p1' }] }];
    expect(callerVisibility(portResource, { isAdmin: false, roles: ['member'], projectId: 'p1' }, { alsoVisibleWhen: when, alsoVisibleThrough: through }))
      .toEqual({ projectId: 'p1', alsoVisibleWhen: when, alsoVisibleThrough: through, hiddenAttributes: ['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details'] });
  });

  it('a member without a project is refused rather than shown everything', () => {
    expect(() => callerVisibility(portResource, { isAdmin: false, roles: ['member'], projectId: null })).toThrow(NeutronError);
  });
});
