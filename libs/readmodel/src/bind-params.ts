/**
 * Collects bind parameters while SQL text is assembled. Every value — attribute names included — goes
 * to PostgreSQL as a parameter; only the cast, chosen by our code, is written into the text.
 */
export class BindParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast: 'text' | 'text[]' | 'jsonb' | 'jsonb[]' | 'uuid' | 'int' | 'bigint' | 'timestamptz'): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}
