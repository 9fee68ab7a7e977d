// The one placeholder filler: t() and every island fill "{name}" through it. Safe in the browser:
// it imports no strings.

/** `template` with each `{name}` replaced from `vars`; a placeholder with no value stays as written. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole));
}
