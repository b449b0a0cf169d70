/**
 * A Neutron list request after the gateway parsed its query string, as it travels to the owner.
 * Filters AND across attributes and OR within one attribute (`?status=ACTIVE&status=DOWN`).
 */
export interface ListQuery {
  filters: Record<string, unknown[]>;
  tags?: { all?: string[]; any?: string[]; notAll?: string[]; notAny?: string[] };
  /** Attributes to return; undefined = all visible ones. */
  fields?: string[];
  sort: { key: string; dir: 'asc' | 'desc' }[];
  limit?: number;
  marker?: string;
  pageReverse?: boolean;
}

/** Which rows a caller may see; the owner turns this into SQL. */
export interface Visibility {
  /** null = every project (admin). */
  projectId: string | null;
  /** Rows of other projects that are visible anyway when the attribute equals the value (shared networks). */
  alsoVisibleWhen?: { attribute: string; value: unknown }[];
  /**
   * Rows of other projects that are visible because a row of another document table names them:
   * its `idAttribute` holds their id and its body contains one of `matchAny` (RBAC policies that
   * target the caller or everyone).
   */
  alsoVisibleThrough?: { table: string; idAttribute: string; matchAny: Record<string, unknown>[] }[];
  /**
   * Boolean attributes that read true for this caller when a row of another document table names
   * the document (its `idAttribute`) and contains one of `matchAny`: a network's `shared` is true for
   * a project an access_as_shared policy targets, as Neutron computes it per caller.
   */
  trueForCallerThrough?: { attribute: string; table: string; idAttribute: string; matchAny: Record<string, unknown>[] }[];
  /** Attributes removed from what this caller sees (admin-only attributes for non-admins). */
  hiddenAttributes?: string[];
}

