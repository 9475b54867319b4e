/**
 * A page's text with its `{{name}}` placeholders filled ("{{email}} is invited" → "dana@example.com is invited").
 * The words stay whole sentences in the `*.text.ts` files, so a translation can move the values where its grammar
 * wants them. The result is plain text: the templates escape it.
 */
export function fill(text: string, values: Record<string, string | number | undefined>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}
