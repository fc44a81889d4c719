// Policies: their members in Prefect's order, which policy a proposal gets, and force.
import {
  BackgroundTaskPolicy,
  ClientSideTaskOrchestrationPolicy,
  CoreFlowPolicy,
  CoreTaskPolicy,
  GlobalFlowPolicy,
  GlobalTaskPolicy,
  MarkLateRunsPolicy,
  MinimalFlowPolicy,
  MinimalTaskPolicy,
  type Policy,
  type RunContext,
} from '../../packages/orchestration/src/index.ts';
import { createFlowRun, createTaskRun, flowHistory, forceFlowInto, orchestrationTest, probeFlow, probeTask, proposeFlow, proposeTask, readFlowRun } from './fixtures.ts';

const test = orchestrationTest();
const names = <C extends RunContext>(policy: Policy<C>) => policy.map((member) => member.name);

test('Each policy lists its rules in Prefect 3.9.1\'s order, without the tag concurrency rules and instrumentation not implemented', (t) => {
  t.deepEqual(names(CoreFlowPolicy), [
    'PreserveDeploymentConcurrencyLeaseId', 'PreventDuplicateTransitions', 'HandleFlowTerminalStateTransitions',
    'EnforceCancellingToCancelledTransition', 'BypassCancellingFlowRunsWithNoInfra', 'PreventPendingTransitions',
    'ValidateDeploymentConcurrencyAtRunning', 'SecureFlowConcurrencySlots', 'RemoveDeploymentConcurrencyLeaseForOldClientVersions',
    'EnsureOnlyScheduledFlowsMarkedLate', 'HandlePausingFlows', 'HandleResumingPausedFlows', 'CopyScheduledTime', 'WaitForScheduledTime',
    'RetryFailedFlows', 'InstrumentFlowRunStateTransitions', 'ReleaseFlowConcurrencySlots',
  ]);
  t.deepEqual(names(MinimalFlowPolicy), [
    'PreserveDeploymentConcurrencyLeaseId', 'PreventResultDataLoss', 'BypassCancellingFlowRunsWithNoInfra', 'InstrumentFlowRunStateTransitions',
    'ReleaseFlowConcurrencySlots',
  ]);
  t.deepEqual(names(MarkLateRunsPolicy), ['EnsureOnlyScheduledFlowsMarkedLate', 'EnforceDeploymentConcurrencyOnLate', 'InstrumentFlowRunStateTransitions']);
  const coreTask = ['CacheRetrieval', 'HandleTaskTerminalStateTransitions', 'PreventRunningTasksFromStoppedFlows', 'CopyScheduledTime',
    'WaitForScheduledTime', 'RetryFailedTasks', 'RenameReruns', 'UpdateFlowRunTrackerOnTasks', 'CacheInsertion'];
  t.deepEqual(names(CoreTaskPolicy), coreTask);
  t.deepEqual(names(ClientSideTaskOrchestrationPolicy), coreTask);
  t.deepEqual(names(BackgroundTaskPolicy), [
    'PreventPendingTransitions', 'CacheRetrieval', 'HandleTaskTerminalStateTransitions', 'CopyScheduledTime', 'CopyTaskParametersID',
    'WaitForScheduledTime', 'RetryFailedTasks', 'RenameReruns', 'UpdateFlowRunTrackerOnTasks', 'CacheInsertion',
  ]);
  t.deepEqual(names(MinimalTaskPolicy), []);
  const common = ['SetRunStateType', 'SetRunStateName', 'SetRunStateTimestamp', 'SetStartTime', 'SetEndTime', 'IncrementRunTime',
    'SetExpectedStartTime', 'SetNextScheduledStartTime', 'UpdateStateDetails'];
  t.deepEqual(names(GlobalFlowPolicy), ['EnsureFlowRunStateTimestampIsUnique', ...common, 'UpdateSubflowParentTask',
    'UpdateSubflowStateDetails', 'IncrementFlowRunCount', 'RemoveResumingIndicator']);
  t.deepEqual(names(GlobalTaskPolicy), [...common, 'IncrementTaskRunCount']);
});

test('A flow proposal fires the matching core rules, then every global transform', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'SCHEDULED', state_details: { scheduled_time: '2000-01-01T00:00:00Z' } }]);
  const { context } = await probeFlow(t.context.db, run.id, { type: 'PENDING' });
  t.deepEqual(context.ruleSignature, [
    'Probe', 'PreserveDeploymentConcurrencyLeaseId', 'PreventDuplicateTransitions', 'SecureFlowConcurrencySlots', 'CopyScheduledTime',
    'InstrumentFlowRunStateTransitions', 'ReleaseFlowConcurrencySlots', ...names(GlobalFlowPolicy),
  ]);
});

test('Force runs only the minimal policy and the global transforms: PENDING after RUNNING is accepted', async (t) => {
  const run = await createFlowRun(t.context.db);
  await forceFlowInto(t.context.db, run.id, [{ type: 'RUNNING' }]);
  t.is((await proposeFlow(t.context.db, run.id, { type: 'PENDING' })).status, 'ABORT');
  const { result, context } = await probeFlow(t.context.db, run.id, { type: 'PENDING' }, { force: true });
  t.is(result.status, 'ACCEPT');
  t.false(context.ruleSignature.includes('PreventPendingTransitions'));
  t.deepEqual(await flowHistory(t.context.db, run.id), ['RUNNING:Running', 'PENDING:Pending']);
  // The bookkeeping still happens.
  t.is((await readFlowRun(t.context.db, run.id)).total_run_time > 0, true);
});

test('Forcing a task run to RUNNING skips the check that its flow run is running', async (t) => {
  const flowRun = await createFlowRun(t.context.db);
  const task = await createTaskRun(t.context.db, { flow_run_id: flowRun.id });
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' })).status, 'ABORT');
  t.is((await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { force: true })).status, 'ACCEPT');
});

test('A deferred task proposal gets the background policy even when forced; others get the one asked for', async (t) => {
  const task = await createTaskRun(t.context.db);
  const deferred = await probeTask(t.context.db, task.id, { type: 'PENDING', state_details: { deferred: true } }, { force: true });
  t.true(deferred.context.ruleSignature.includes('PreventPendingTransitions') === false);
  const again = await probeTask(t.context.db, task.id, { type: 'PENDING', state_details: { deferred: true } }, { force: true });
  t.is(again.result.status, 'ABORT');
  t.deepEqual(again.context.ruleSignature.slice(0, 2), ['Probe', 'PreventPendingTransitions']);

  const other = await createTaskRun(t.context.db);
  const clientSide = await probeTask(t.context.db, other.id, { type: 'RUNNING' }, { policy: 'client-side' });
  t.deepEqual(clientSide.context.ruleSignature.slice(0, 4), ['Probe', 'CacheRetrieval', 'PreventRunningTasksFromStoppedFlows', 'RenameReruns']);
});
