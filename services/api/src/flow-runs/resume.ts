// POST /flow_runs/{id}/resume: a PAUSED run goes back to RUNNING (or, from a suspension,
// to SCHEDULED "Resuming") through orchestration. When the pause waits for input, the run
// input is first hydrated and validated against the schema the flow stored under the pause's
// run input keyset; once the transition is accepted it is stored as the keyset's response.
import {
  heldUntilCommit,
  orchestrateFlowRunState,
  resolveFlowOptions,
  StateValidationError,
  type OrchestrationResult,
  type ProposedState,
  type TransitionObserver,
} from '@prefect-server-ts/orchestration';
import {
  CircularSchemaRefError,
  hydrateParameters,
  HydrationError,
  pythonRepr,
  schemaProblem,
  SchemaValidationError,
  validateValues,
} from '@prefect-server-ts/schemas';
import { nowTimestamp, type Database, type Repositories, type StateRecord } from '@prefect-server-ts/storage';
import { referencedVariableValues } from '../deployments/parameters.ts';

type JsonMap = Record<string, unknown>;

const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Prefect answers a refused run input with REJECT, the paused state, and abort details. */
function refused(state: StateRecord, reason: string): OrchestrationResult {
  return { status: 'REJECT', details: { type: 'abort_details', reason }, state };
}

/** The schema's JSON text as a schema object, or why it cannot validate anything. */
function parseSchema(text: string): { schema: JsonMap } | { reason: string } {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    return { reason: 'Run input schema is not valid JSON.' };
  }
  // Prefect fails with a 500 on a schema that is not an object or breaks the meta-schema.
  const problem = isMap(schema) ? schemaProblem(schema) : `${pythonRepr(schema)} is not of type 'object'`;
  return problem === undefined && isMap(schema) ? { schema } : { reason: `Invalid schema: ${problem}` };
}

/** The hydrated run input when it conforms to the stored schema, or why it is refused. */
async function checkedRunInput(repositories: Repositories, runId: string, schemaKey: string | undefined, runInput: JsonMap): Promise<{ input: JsonMap } | { reason: string }> {
  let input: JsonMap;
  try {
    input = hydrateParameters(runInput, await referencedVariableValues(repositories, runInput));
  } catch (error) {
    if (error instanceof HydrationError) return { reason: `Error hydrating run input: ${error.message}` };
    throw error;
  }
  const stored = schemaKey === undefined ? null : await repositories.flowRunInputs.read(runId, schemaKey);
  if (stored === null) return { reason: 'Run input schema not found.' };
  const parsed = parseSchema(stored.value);
  if ('reason' in parsed) return parsed;
  try {
    validateValues(input, parsed.schema);
  } catch (error) {
    if (error instanceof SchemaValidationError) return { reason: `Reason: ${error.message}` };
    if (error instanceof CircularSchemaRefError) return { reason: 'Invalid schema: Unable to validate schema with circular references.' };
    throw error;
  }
  return { input };
}

function keysetOf(state: StateRecord): Record<string, string> | null {
  const keyset = state.state_details['run_input_keyset'];
  if (!isMap(keyset) || Object.keys(keyset).length === 0) return null;
  return Object.fromEntries(Object.entries(keyset).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

async function resumeLocked(
  repositories: Repositories,
  runId: string,
  runInput: JsonMap | null,
  parameters: JsonMap,
  observe: TransitionObserver | undefined,
): Promise<OrchestrationResult | null> {
  const run = await repositories.flowRuns.read(runId, { forUpdate: true });
  if (run === null) return null;
  const state = run.state;
  if (state?.type !== 'PAUSED') {
    return { status: 'ABORT', details: { type: 'abort_details', reason: 'Cannot resume a flow run that is not paused.' }, state: null };
  }
  const keyset = keysetOf(state);
  let input: JsonMap = {};
  if (keyset) {
    const checked = await checkedRunInput(repositories, runId, keyset['schema'], runInput ?? {});
    if ('reason' in checked) return refused(state, checked.reason);
    input = checked.input;
  }
  const proposed: ProposedState = state.state_details['pause_reschedule']
    ? { type: 'SCHEDULED', name: 'Resuming', state_details: { scheduled_time: nowTimestamp() } }
    : { type: 'RUNNING' };
  const result = await orchestrateFlowRunState(repositories, runId, proposed, resolveFlowOptions({ parameters, observe }));
  const responseKey = keyset?.['response'];
  if (result?.status === 'ACCEPT' && responseKey !== undefined && Object.keys(input).length > 0) {
    await repositories.flowRunInputs.create({ flow_run_id: runId, key: responseKey, value: JSON.stringify(input) });
  }
  return result;
}

/**
 * Resumes a paused flow run in one locking transaction, so that of racing resumes exactly
 * one moves the run and stores its input. Resolves to null when the flow run does not exist.
 */
export async function resumeFlowRun(
  database: Database,
  runId: string,
  runInput: JsonMap | null,
  parameters: JsonMap,
  observe?: TransitionObserver,
): Promise<OrchestrationResult | null> {
  const report = heldUntilCommit(observe);
  try {
    const result = await database.transaction((repositories) => resumeLocked(repositories, runId, runInput, parameters, report.observe), { forUpdate: true });
    report.flush();
    return result;
  } catch (error) {
    if (!(error instanceof StateValidationError)) throw error;
    report.flush();
    return error.result;
  }
}
