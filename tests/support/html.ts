/**
 * Server-rendered HTML as text to assert on: React's entity escapes undone, and the empty comments it puts
 * between adjacent text pieces ("3<!-- --> people") removed, so a test can look for "3 people".
 */
export function decodeHtml(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
