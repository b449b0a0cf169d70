import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NeutronError, portResource } from '@muon/contracts';
import { parseListQuery, type ParseListOptions, type RawQuery } from './parse-list-query.js';
import { untaggedWidgetSpec, widgetSpec } from '../test/widgets.js';

// widgetSpec's `secret` stands for an attribute the policy hides from members.
const member = { hiddenAttributes: ['secret'] };
const admin = { hiddenAttributes: [] };
const parse = (query: RawQuery, opts: ParseListOptions = member) => parseListQuery(widgetSpec, query, opts);

function errorOf(fn: () => unknown): NeutronError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NeutronError) return e;
    throw e;
  }
  throw new Error('expected a NeutronError');
}

const ID = '0b6ad6a6-7a51-4b5c-9a0c-8f4a2d6a3c11';

describe('parseListQuery filters', () => {
  it('an empty query lists everything in id order', () => {
    expect(parse({})).toEqual({ filters: {}, sort: [{ key: 'id', dir: 'asc' }] });
  });

  it('a repeated filter ORs its values and different filters AND', () => {
    expect(parse({ name: ['a', 'b'], project_id: 'p1' }).filters).toEqual({ name: ['a', 'b'], project_id: ['p1'] });
  });

  it('converts booleans the way Neutron does: true/false in any case, 1/0', () => {
    expect(parse({ enabled: ['True', 'false', '1', '0', 'TRUE'] }).filters.enabled).toEqual([true, false, true, false, true]);
  });

  it('a value that is no boolean is 400 InvalidInput', () => {
    const e = errorOf(() => parse({ enabled: 'yes' }));
    expect([e.status, e.type]).toEqual([400, 'InvalidInput']);
    expect(e.message).toContain("'yes'");
  });

  it('converts integers and rejects what is not one', () => {
    expect(parse({ size: ['3', ' 12 ', '+4'] }).filters.size).toEqual([3, 12, 4]);
    expect(errorOf(() => parse({ size: '3.5' })).status).toBe(400);
    expect(errorOf(() => parse({ size: '' })).status).toBe(400);
  });

  it('keeps an empty string value (empty-string-filtering)', () => {
    expect(parse({ name: '' }).filters.name).toEqual(['']);
  });

  it('a list attribute is filtered by one of its elements', () => {
    expect(parse({ colours: ['red', 'blue'] }).filters.colours).toEqual(['red', 'blue']);
  });

  it('an unknown filter is 400 and names every offending parameter', () => {
    const e = errorOf(() => parse({ colour: 'red', flavour: 'x', name: 'ok' }));
    expect(e.status).toBe(400);
    expect(e.message).toContain('"colour"');
    expect(e.message).toContain('"flavour"');
  });

  it('an admin-only attribute is no filter for a member but is one for an admin', () => {
    expect(errorOf(() => parse({ secret: 's1' })).message).toContain('"secret"');
    expect(parse({ secret: 's1' }, admin).filters.secret).toEqual(['s1']);
  });

  it('an invisible attribute is no filter, even for an admin', () => {
    expect(errorOf(() => parse({ internal: 'x' }, admin)).status).toBe(400);
  });

  it('names of Object.prototype members are unknown filters, not crashes', () => {
    const query = JSON.parse('{"__proto__": "x", "constructor": "y", "toString": "z"}') as RawQuery;
    expect(errorOf(() => parse(query)).status).toBe(400);
  });

  it('list-of-object filters take key=value pairs (fixed_ips style), each a one-key pattern', () => {
    const q = parse({ parts: [`part_id=${ID}`, 'serial = SN-1 ', 'serial_substr=SN-'] });
    expect(q.filters.parts).toEqual([{ part_id: ID }, { serial: 'SN-1' }, { serial_substr: 'SN-' }]);
  });

  it('a bare "True" list-of-object filter means no filter, as Neutron reads a flag without value', () => {
    expect(parse({ parts: 'True' }).filters).toEqual({});
  });

  it('a list-of-object filter that is not key=value, or names an unknown key, is 400', () => {
    expect(errorOf(() => parse({ parts: 'SN-1' })).type).toBe('InvalidInput');
    expect(errorOf(() => parse({ parts: '=SN-1' })).status).toBe(400);
    expect(errorOf(() => parse({ parts: 'colour=red' })).status).toBe(400);
  });
});

describe('parseListQuery changed_since', () => {
  it('takes an ISO 8601 time as standard-attr-timestamp\'s changed_since, in UTC', () => {
    expect(parse({ changed_since: '2024-02-01T10:00:00Z' }).filters).toEqual({ changed_since: ['2024-02-01T10:00:00.000Z'] });
    expect(parse({ changed_since: '2024-02-01T10:00:00' }).filters).toEqual({ changed_since: ['2024-02-01T10:00:00.000Z'] });
    expect(parse({ changed_since: '2024-02-01T12:00:00+0200' }).filters).toEqual({ changed_since: ['2024-02-01T10:00:00.000Z'] });
  });

  it('answers 400 InvalidInput for anything else', () => {
    for (const bad of ['yesterday', '2024-02-01', '', '2024-13-01T00:00:00Z']) {
      const e = errorOf(() => parse({ changed_since: bad }));
      expect([e.status, e.type]).toEqual([400, 'InvalidInput']);
    }
  });
});

describe('parseListQuery tags', () => {
  it('splits comma-separated tags and merges repeated parameters', () => {
    const q = parse({ 'tags': ['a,b', 'c'], 'tags-any': 'x,y', 'not-tags': 'n', 'not-tags-any': ['m', 'm'] });
    expect(q.tags).toEqual({ all: ['a', 'b', 'c'], any: ['x', 'y'], notAll: ['n'], notAny: ['m'] });
    expect(q.filters).toEqual({});
  });

  it('tag filters on a resource without the tag extension are unknown filters', () => {
    expect(errorOf(() => parseListQuery(untaggedWidgetSpec, { 'tags-any': 'x' }, member)).status).toBe(400);
  });
});

describe('parseListQuery fields', () => {
  it('repeated fields are kept once each, empty ones dropped', () => {
    expect(parse({ fields: ['name', '', 'id', 'name'] }).fields).toEqual(['name', 'id']);
  });

  it('fields= alone means all fields', () => {
    expect(parse({ fields: '' }).fields).toBeUndefined();
  });

  it('unknown and admin-only fields are left out silently, as Neutron does', () => {
    expect(parse({ fields: ['name', 'nonsense', 'secret'] }).fields).toEqual(['name']);
    expect(parse({ fields: 'nonsense' }).fields).toEqual([]);
    expect(parse({ fields: ['secret'] }, admin).fields).toEqual(['secret']);
  });
});

describe('parseListQuery sorting', () => {
  it('pairs sort_key and sort_dir and ends with id ascending', () => {
    expect(parse({ sort_key: ['name', 'size'], sort_dir: ['desc', 'asc'] }).sort).toEqual([
      { key: 'name', dir: 'desc' }, { key: 'size', dir: 'asc' }, { key: 'id', dir: 'asc' },
    ]);
  });

  it('an explicit id keeps its direction and ends the sort', () => {
    expect(parse({ sort_key: ['name', 'id', 'size'], sort_dir: ['asc', 'desc', 'asc'] }).sort).toEqual([
      { key: 'name', dir: 'asc' }, { key: 'id', dir: 'desc' },
    ]);
  });

  it('a repeated sort key counts once', () => {
    expect(parse({ sort_key: ['name', 'name'], sort_dir: ['asc', 'desc'] }).sort).toEqual([
      { key: 'name', dir: 'asc' }, { key: 'id', dir: 'asc' },
    ]);
  });

  it('sort_key without sort_dir is 400', () => {
    expect(errorOf(() => parse({ sort_key: 'name' })).status).toBe(400);
  });

  it('an unknown, list-valued, hidden or admin-only sort key is 400', () => {
    for (const key of ['nonsense', 'colours', 'tags', 'internal', 'secret']) {
      expect(errorOf(() => parse({ sort_key: key, sort_dir: 'asc' })).message).toContain(`"${key}"`);
    }
    expect(parse({ sort_key: 'secret', sort_dir: 'asc' }, admin).sort[0]).toEqual({ key: 'secret', dir: 'asc' });
  });

  it('sort_dir other than asc or desc (case matters) is 400', () => {
    expect(errorOf(() => parse({ sort_key: 'name', sort_dir: 'ASC' })).message).toContain("'ASC'");
  });
});

describe('parseListQuery pagination', () => {
  it('limit is a non-negative integer; 0 means no limit', () => {
    expect(parse({ limit: '20' }).limit).toBe(20);
    expect(parse({ limit: '0' }).limit).toBeUndefined();
  });

  it('a negative or non-integer limit is 400 and quotes the value', () => {
    expect(errorOf(() => parse({ limit: '-1' })).status).toBe(400);
    expect(errorOf(() => parse({ limit: 'abc' })).message).toContain("'abc'");
  });

  it('maxLimit caps a larger limit and applies when none is given', () => {
    const capped = { ...member, maxLimit: 1000 };
    expect(parse({ limit: '1001' }, capped).limit).toBe(1000);
    expect(parse({}, capped).limit).toBe(1000);
    expect(parse({ limit: '5' }, capped).limit).toBe(5);
  });

  it('marker and page_reverse count only on a limited list', () => {
    expect(parse({ marker: ID, page_reverse: 'True' })).toEqual({ filters: {}, sort: [{ key: 'id', dir: 'asc' }] });
    expect(parse({ limit: '2', marker: ID, page_reverse: 'true' })).toMatchObject({ limit: 2, marker: ID, pageReverse: true });
  });

  it('page_reverse that is not "true" reads forwards, as in Neutron', () => {
    expect(parse({ limit: '2', page_reverse: 'abc' }).pageReverse).toBeUndefined();
  });

  it('a marker that is no uuid cannot exist: 404 WidgetNotFound', () => {
    const e = errorOf(() => parse({ limit: '2', marker: 'nope' }));
    expect([e.status, e.type]).toEqual([404, 'WidgetNotFound']);
  });

  it('a repeated single-valued parameter takes its last value', () => {
    expect(parse({ limit: ['5', '7'] }).limit).toBe(7);
  });
});

describe('parseListQuery on arbitrary input', () => {
  const names = [...Object.keys(widgetSpec.attributes), ...Object.keys(portResource.attributes), 'fields', 'sort_key', 'sort_dir', 'limit', 'marker',
    'page_reverse', 'tags', 'tags-any', 'not-tags', 'not-tags-any', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];
  const key = fc.oneof(fc.constantFrom(...names), fc.string());
  const text = fc.oneof(
    fc.constantFrom('', 'true', 'False', '1', 'asc', 'desc', '10', '-1', '0', ID, 'True', 'part_id=x', 'serial_substr=a',
      'ip_address=10.0.0.1', 'subnet_id=x', 'ip_address_substr=10.', 'binding:host_id', 'fixed_ips',
      'x=', '=', 'name', 'id', 'size', 'tags', '9007199254740993', '1e3', ' 7 '),
    fc.string(), fc.string({ unit: 'grapheme' }),
  );
  const value = fc.oneof(text, fc.array(text, { maxLength: 4 }));

  it('throws nothing but a 4xx NeutronError, and what it returns is well-formed', () => {
    fc.assert(fc.property(fc.constantFrom(widgetSpec, portResource), fc.dictionary(key, value), fc.boolean(), (spec, query, isAdmin) => {
      try {
        const q = parseListQuery(spec, query, { hiddenAttributes: isAdmin ? [] : ['secret', 'binding:host_id'] });
        expect(q.sort[q.sort.length - 1]!.key).toBe('id');
        if (q.limit !== undefined) expect(Number.isSafeInteger(q.limit) && q.limit > 0).toBe(true);
        for (const values of Object.values(q.filters)) expect(values.length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(NeutronError);
        const status = (e as NeutronError).status;
        expect(status >= 400 && status < 500).toBe(true);
      }
    }), { numRuns: 3000 });
  });
});
