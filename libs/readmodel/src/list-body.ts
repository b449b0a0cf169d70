import type { PageLink } from './page-links.js';

/**
 * The response body `{"<collection>": [...], "<collection>_links": [...]}` joined from the owner's
 * chunks as text: thousands of documents pass through the gateway without being parsed.
 * Each chunk is a JSON array text as ListPage.itemsJson holds it; links come from renderPageLinks.
 */
export function assembleListBody(collection: string, chunksJson: readonly string[], links: Record<string, PageLink[]>): string {
  const items = chunksJson.map(arrayContents).filter((s) => s.length > 0).join(',');
  let body = `{${JSON.stringify(collection)}: [${items}]`;
  for (const [key, list] of Object.entries(links)) {
    if (list.length > 0) body += `, ${JSON.stringify(key)}: ${JSON.stringify(list)}`;
  }
  return `${body}}`;
}

function arrayContents(json: string): string {
  const text = json.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) throw new Error('a list chunk must be a JSON array text');
  return text.slice(1, -1).trim();
}
