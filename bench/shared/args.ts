// Command-line arguments of the benchmarks: a bad value stops the run with a message naming the flag.

/** `text` as an integer from 1 to `max`, or exit 2 naming `--name`. */
export function positive(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= 1 && value <= max)) {
    process.stderr.write(`--${name} must be an integer from 1 to ${max}\n`);
    process.exit(2);
  }
  return value;
}
