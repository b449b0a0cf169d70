import type { PageLink } from './page-links.js';

/** Where a list's response body goes, piece by piece (an HTTP response stream). */
export interface ListBodySink {
  write(chunk: string | Uint8Array): void;
  end(): void;
}

/**
 * Writes Neutron's `{"<collection>": [...], "<collection>_links": [...]}` around the owner's parts
 * (ListParts), which pass through as bytes: thousands of documents reach the client without being
 * decoded, parsed or joined. The first write starts the body (and with it the response), so an error
 * before any part can still become an error response.
 */
export class ListBodyWriter {
  #started = false;

  constructor(private readonly collection: string, private readonly sink: ListBodySink) {}

  items(part: Uint8Array): void {
    this.#start();
    this.sink.write(part);
  }

  end(links: Record<string, PageLink[]>): void {
    this.#start();
    let tail = ']';
    for (const [key, list] of Object.entries(links)) {
      if (list.length > 0) tail += `, ${JSON.stringify(key)}: ${JSON.stringify(list)}`;
    }
    this.sink.write(`${tail}}`);
    this.sink.end();
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.sink.write(`{${JSON.stringify(this.collection)}: [`);
  }
}

/** A list's items from its parts, for owners' clients that want the documents themselves. */
export function parseListParts<T>(parts: readonly Uint8Array[]): T[] {
  return JSON.parse(`[${Buffer.concat(parts).toString('utf8')}]`) as T[];
}
