/**
 * Fills `{name}` placeholders in one pass, so text put in (a question, a generated reasoning) is never scanned
 * for placeholders again. Unknown placeholders are left as they are.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? (values[name] ?? whole) : whole));
}
