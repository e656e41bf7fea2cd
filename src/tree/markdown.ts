// Lead text inside Markdown (tree tooltips).

/**
 * Lead data as inert Markdown text: every Markdown character is backslash-escaped and
 * `<`, `>`, `&` become entities, so no link, image, command or HTML can come from a lead
 * even if a renderer allowed HTML.
 */
export function markdownText(value: string): string {
  return (
    value
      .replace(/[\\`*_{}[\]()#+\-.!|~:=]/g, '\\$&')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Indentation as entities: four leading spaces would otherwise start a code block,
      // which shows the escapes instead of the text.
      .replace(/^[ \t]+/gm, (indent) => indent.replace(/ /g, '&#32;').replace(/\t/g, '&#9;'))
  );
}
