// The engine's contract, with rules written for the test: which hooks fire, fizzling,
// the order of exits, and what WAIT, REJECT and errors leave in the database.
import type { Database } from '@prefect-server-ts/storage';
import {
  defineRule,
  defineTransform,
  OrchestrationError,
  orchestrateFlowRunState,
  resolveFlowOptions,
  type FlowRunContext,
  type Policy,
  type ProposedState,
} from '../../packages/orchestration/src/index.ts';
import { statesOf } from '../../packages/orchestration/src/engine.ts';
import { newState } from '../../packages/orchestration/src/states.ts';
import { createFlowRun, flowHistory, forceFlowInto, orchestrationTest, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();

function runPolicy(db: Database, runId: string, proposed: ProposedState, policy: Policy<FlowRunContext>) {
  return db.transaction((repositories) => orchestrateFlowRunState(repositories, runId, proposed, { ...resolveFlowOptions(), policy }), { forUpdate: true });
}

function recorder(log: string[], name: string, from: Parameters<typeof statesOf>, to: Parameters<typeof statesOf>) {
  return defineRule<FlowRunContext>({
    name,
    fromStates: statesOf(...from),
    toStates: statesOf(...to),
    before: () => void log.push(`${name}.before`),
    after: ({ validatedState }) => void log.push(`${name}.after:${validatedState?.type}`),
    cleanup: () => void log.push(`${name}.cleanup`),
  });
}

test('A rule whose from and to states do not hold the transition fires no hook', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const log: string[] = [];
  const result = await runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [
    recorder(log, 'FromScheduled', ['SCHEDULED'], ['RUNNING']),
    recorder(log, 'ToCompleted', ['PENDING'], ['COMPLETED']),
    recorder(log, 'Matching', ['PENDING'], ['RUNNING']),
  ]);
  t.is(result?.status, 'ACCEPT');
  t.deepEqual(log, ['Matching.before', 'Matching.after:RUNNING']);
});

test('After-hooks run after the state is written, in reverse order of entry', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const log: string[] = [];
  const transform = defineTransform<FlowRunContext>({
    name: 'Transform',
    before: () => void log.push('Transform.before'),
    after: (context) => void log.push(`Transform.after:${context.validatedState?.type}`),
  });
  await runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [
    recorder(log, 'First', ['PENDING'], ['RUNNING']),
    recorder(log, 'Second', ['PENDING'], ['RUNNING']),
    transform,
  ]);
  t.deepEqual(log.slice(0, 3), ['First.before', 'Second.before', 'Transform.before']);
  t.deepEqual(log.slice(3), ['Transform.after:RUNNING', 'Second.after:RUNNING', 'First.after:RUNNING']);
});

test('A rule entered before a later rule changed the proposed type fizzles: cleanup runs instead of its after-hook', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const log: string[] = [];
  const rejecter = defineRule<FlowRunContext>({
    name: 'Rejecter',
    fromStates: statesOf('PENDING'),
    toStates: statesOf('RUNNING', 'COMPLETED'),
    before: (entry) => entry.reject(newState('COMPLETED', {}, entry.context.now()), 'nope'),
    after: () => void log.push('Rejecter.after'),
    cleanup: () => void log.push('Rejecter.cleanup'),
  });
  const result = await runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [
    recorder(log, 'Earlier', ['PENDING'], ['RUNNING']),
    rejecter,
    recorder(log, 'Later', ['PENDING'], ['RUNNING']),
  ]);
  t.is(result?.status, 'REJECT');
  t.deepEqual(result?.details, { type: 'reject_details', reason: 'nope' });
  t.is(result?.state?.type, 'COMPLETED');
  // The rejecting rule keeps its own (new) transition, so it does not fizzle; the later rule
  // was skipped on entry; the earlier one fizzled.
  t.deepEqual(log, ['Earlier.before', 'Rejecter.after', 'Earlier.cleanup']);
  t.deepEqual(await flowHistory(t.context.db, run.id), ['PENDING:Pending', 'COMPLETED:Completed']);
});

test('A rule that rejects to a type outside its own to-states fires neither after-hook nor cleanup', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const log: string[] = [];
  const rule = defineRule<FlowRunContext>({
    name: 'Narrow',
    fromStates: statesOf('PENDING'),
    toStates: statesOf('RUNNING'),
    before: (entry) => entry.reject(null, 'stay'),
    after: () => void log.push('after'),
    cleanup: () => void log.push('cleanup'),
  });
  const result = await runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [rule]);
  t.is(result?.status, 'REJECT');
  t.is(result?.state?.type, 'PENDING');
  t.deepEqual(log, []);
});

test('A delay answers WAIT with its seconds, writes no state and returns the current state', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const before = await readFlowRun(t.context.db, run.id);
  const waiter = defineRule<FlowRunContext>({
    name: 'Waiter',
    fromStates: statesOf('PENDING'),
    toStates: statesOf('RUNNING'),
    before: (entry) => entry.delay(7, 'later'),
  });
  const result = await runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [waiter]);
  t.deepEqual(result, { status: 'WAIT', details: { type: 'wait_details', delay_seconds: 7, reason: 'later' }, state: before.state });
  const after = await readFlowRun(t.context.db, run.id);
  t.is(after.run_count, 0);
  t.is(after.start_time, null);
  t.deepEqual(await flowHistory(t.context.db, run.id), ['PENDING:Pending']);
});

test('A rename changes the written state name and no rule fizzles', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const log: string[] = [];
  const renamer = defineRule<FlowRunContext>({
    name: 'Renamer',
    fromStates: statesOf('PENDING'),
    toStates: statesOf('RUNNING'),
    before: (entry) => entry.rename('Sprinting'),
  });
  const result = await runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [recorder(log, 'Watcher', ['PENDING'], ['RUNNING']), renamer]);
  t.is(result?.status, 'ACCEPT');
  t.is(result?.state?.name, 'Sprinting');
  t.is((await readFlowRun(t.context.db, run.id)).state_name, 'Sprinting');
  t.deepEqual(log, ['Watcher.before', 'Watcher.after:RUNNING']);
});

test('Rejecting without a state when the run has none is an orchestration error, and nothing is written', async (t) => {
  const run = await createFlowRun(t.context.db);
  const rule = defineRule<FlowRunContext>({
    name: 'NoState',
    fromStates: statesOf(null),
    toStates: statesOf('PENDING'),
    before: (entry) => entry.reject(null, 'nothing to keep'),
  });
  await t.throwsAsync(runPolicy(t.context.db, run.id, { type: 'PENDING' }, [rule]), { instanceOf: OrchestrationError });
  t.deepEqual(await flowHistory(t.context.db, run.id), []);
});

test('An error thrown by a hook propagates and rolls the whole proposal back', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'PENDING' }]);
  const failing = defineRule<FlowRunContext>({
    name: 'Failing',
    fromStates: statesOf('PENDING'),
    toStates: statesOf('RUNNING'),
    after: () => {
      throw new Error('boom');
    },
  });
  await t.throwsAsync(runPolicy(t.context.db, run.id, { type: 'RUNNING' }, [failing]), { message: 'boom' });
  const after = await readFlowRun(t.context.db, run.id);
  t.is(after.state_type, 'PENDING');
  t.is(after.run_count, 0);
  t.deepEqual(await flowHistory(t.context.db, run.id), ['PENDING:Pending']);
});

test('A proposal for a run that does not exist resolves to null', async (t) => {
  const result = await runPolicy(t.context.db, crypto.randomUUID(), { type: 'PENDING' }, []);
  t.is(result, null);
});
