// The little of markdown-it (a dev dependency of @vscode/vsce) the hostile-data tests use
// to render tooltips the way a Markdown renderer would.
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    render(src: string): string;
  }
  export default MarkdownIt;
}
