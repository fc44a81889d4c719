// Hydrating parameters as Prefect's server does before it stores or runs them: objects with a
// `__prefect_kind` stand for a value to compute (`none`, `json`, `workspace_variable`,
// `jinja`), and the first that cannot be computed fails the request.

/** Why a value could not be hydrated; the message is Prefect's. */
export class HydrationError extends Error {}

const KIND = '__prefect_kind';
/** Marks a placeholder that asks to be left out of its parent. */
const REMOVE = Symbol('remove');

type Variables = ReadonlyMap<string, unknown>;

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function hydrateKind(placeholder: Record<string, unknown>, variables: Variables): unknown {
  const kind = placeholder[KIND];
  const nested = (key: string) => (isMap(placeholder[key]) ? hydrateValue(placeholder[key], variables) : placeholder[key]);
  switch (kind) {
    case 'none':
      if (!('value' in placeholder)) throw new HydrationError("Missing 'value' key in __prefect object");
      return hydrateValue(placeholder['value'], variables);
    case 'json': {
      if (!('value' in placeholder)) return REMOVE;
      const value = nested('value');
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch (error) {
        throw new HydrationError(`Invalid JSON: ${(error as Error).message}`);
      }
    }
    case 'workspace_variable': {
      if (!('variable_name' in placeholder)) return REMOVE;
      const name = nested('variable_name');
      if (typeof name === 'string' && variables.has(name)) return variables.get(name);
      throw new HydrationError(`Variable '${String(name)}' not found in workspace.`);
    }
    case 'jinja': {
      if (!('template' in placeholder)) throw new HydrationError("Missing 'template' key in __prefect object");
      const template = nested('template');
      if (typeof template === 'string' && !/\{\{|\{%|\{#/.test(template)) return template;
      throw new HydrationError('Invalid jinja: this server does not render templates');
    }
    default:
      return placeholder['value'] ?? null;
  }
}

function hydrateValue(value: unknown, variables: Variables): unknown {
  if (isMap(value) && KIND in value) return hydrateKind(value, variables);
  if (Array.isArray(value)) return value.map((item) => hydrateValue(item, variables)).filter((item) => item !== REMOVE);
  if (isMap(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, item]) => [key, hydrateValue(item, variables)] as const)
        .filter(([, item]) => item !== REMOVE),
    );
  }
  return value;
}

/** `parameters` with every placeholder computed; `variables` holds the workspace variables by name. */
export function hydrateParameters(parameters: Record<string, unknown>, variables: Variables): Record<string, unknown> {
  const hydrated = hydrateValue(parameters, variables);
  return isMap(hydrated) ? hydrated : {};
}

/** The workspace variable names that placeholders in `value` refer to by a literal name. */
export function referencedVariables(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedVariables);
  if (!isMap(value)) return [];
  const own = value[KIND] === 'workspace_variable' && typeof value['variable_name'] === 'string' ? [value['variable_name']] : [];
  return [...own, ...Object.values(value).flatMap(referencedVariables)];
}
