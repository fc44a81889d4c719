// The one error type for a bad setting: it always names the variable, and never echoes a
// password that the value may carry.

export class SettingsError extends Error {
  readonly variable: string;

  constructor(variable: string, value: string, problem: string) {
    super(`${variable}=${JSON.stringify(redactPassword(value))} is invalid: ${problem}`);
    this.name = 'SettingsError';
    this.variable = variable;
  }
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`. */
export function redactPassword(value: string): string {
  return value.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
