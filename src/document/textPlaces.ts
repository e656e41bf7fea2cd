// Where a field is in a lead document's text, for the messages put on it: the API names
// fields as `tags[1]` or `metadata.source`, the document is JSON.
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';

/** `tags[1]` → ['tags', 1]; `metadata.source` → ['metadata', 'source']; '' → []. */
export function pathOfField(field: string): JSONPath {
  const path: JSONPath = [];
  for (const [, key, index] of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    path.push(index !== undefined ? Number(index) : (key as string));
  }
  return path;
}

/**
 * The offsets of the value at `path`, or of the nearest part of it the text has (a missing
 * `tags[5]` points at `tags`); the whole text when even the first key is missing or the text
 * is not JSON.
 */
export function placeOf(text: string, path: JSONPath): { offset: number; length: number } {
  const root = parseTree(text);
  for (let depth = path.length; root && depth > 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    // A property's key and value together read best: `"phone_number": "+1…"`.
    const place = node?.parent?.type === 'property' ? node.parent : node;
    if (place) return { offset: place.offset, length: place.length };
  }
  return { offset: 0, length: text.length };
}
