// Public surface of the events package.
export { EventSchema, type IncomingEvent } from './event.ts';
export { receiveEvents } from './pipeline.ts';
export { durationSeconds, isTaskRunStateEvent, recordTaskRunEvents, taskRunFromEvent } from './task-run-recorder.ts';
export { eventMatches } from './filter-match.ts';
export { eventStream, type EventStream, type EventSubscriber } from './stream.ts';
