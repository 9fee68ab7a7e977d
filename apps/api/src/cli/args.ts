/** `--source=x`, `--source x` and bare `--flag`; everything else is positional. */
export function parseArgs(argv: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) options[a.slice(2, eq)] = a.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith("--")) options[a.slice(2)] = argv[++i] as string;
    else options[a.slice(2)] = true;
  }
  return { positional, options };
}
