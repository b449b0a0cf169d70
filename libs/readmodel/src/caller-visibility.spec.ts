import { describe, expect, it } from '@jest/globals';
import { NeutronError } from '@muon/contracts';
import { callerVisibility } from './caller-visibility.js';
import { widgetSpec } from '../test/widgets.js';

describe('callerVisibility', () => {
  it('an admin sees every project and every attribute', () => {
    expect(callerVisibility(widgetSpec, { isAdmin: true, projectId: 'p1' })).toEqual({ projectId: null });
  });

  it('a member sees their project, the extra rows asked for, and no admin-only attribute', () => {
    const when = [{ attribute: 'shared', value: true }];
    const through = [{ table: 'grants', idAttribute: 'widget_id', matchAny: [{ grantee: 'p1' }] }];
    expect(callerVisibility(widgetSpec, { isAdmin: false, projectId: 'p1' }, { alsoVisibleWhen: when, alsoVisibleThrough: through }))
      .toEqual({ projectId: 'p1', alsoVisibleWhen: when, alsoVisibleThrough: through, hiddenAttributes: ['secret'] });
  });

  it('a member without a project is refused rather than shown everything', () => {
    expect(() => callerVisibility(widgetSpec, { isAdmin: false, projectId: null })).toThrow(NeutronError);
  });
});
