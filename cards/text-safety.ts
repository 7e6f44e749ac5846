/**
 * What a user typed, made safe to show in an Adaptive Card TextBlock or FactSet value.
 *
 * Cards render a subset of Markdown (Teams), or full CommonMark with auto-linking (Web Chat's
 * markdown-it). A note like `[klik hier](https://…)`, `**vet**`, `# kop`, `<b>` or `- item`
 * must show exactly as typed: never as a link, formatting, a heading or a list. CommonMark lets a
 * backslash escape any ASCII punctuation, so we escape the characters that start formatting,
 * links or HTML, the line starts that make lists, headings and quotes, and the parts of
 * addresses that auto-linking picks up (`name@host`, `a.b`, `https://`). Letters of every
 * script, emoji and right-to-left text are left alone. `${` can never reach a card (templating
 * would refuse the card), because `$` and `{` are escaped.
 *
 * For plain-text channels do not use this: send the text as it is with `textFormat: 'plain'`.
 */
export function escapeCardText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map(escapeLine)
    .join('\n');
}

/** C0 controls and DEL, except tab and newline: invisible, and no reason to keep them. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Characters that format, link or open HTML wherever they stand. */
const ALWAYS = /[\\`*_{}[\]()<>#|~&$@]/g;
/** A dot inside a word or number ("example.com", "1.5"): auto-linking looks for these. */
const DOT_IN_WORD = /(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu;

function escapeLine(raw: string): string {
  // Leading spaces would make an indented code block; they carry no meaning in a note.
  const line = raw.replace(/^[ \t]+/, '');
  return line
    .replace(ALWAYS, '\\$&')
    .replace(DOT_IN_WORD, '\\.')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/^[-+=]/, '\\$&')
    .replace(/^(\d+)\./, '$1\\.');
}
