// Public surface of the events package.
export { EventSchema, type IncomingEvent } from './event.ts';
export { receiveEvents } from './pipeline.ts';
export { durationSeconds, isTaskRunStateEvent, recordTaskRunEvents, taskRunFromEvent } from './task-run-recorder.ts';
export { eventMatches } from './filter-match.ts';
export { announcedStream, type AnnouncedRows, type LiveStream, type StreamSubscriber } from './announced-stream.ts';
export { eventStream, type EventStream, type EventSubscriber } from './event-stream.ts';
export { logMatches, logStream, type LogStream, type LogSubscriber } from './log-stream.ts';
