-- 0006_events_and_automations (SQLite, down): drops the event and automation tables created
-- by the matching .up.sql, in reverse order.

DROP TABLE automation_event_follower;
DROP TABLE composite_trigger_child_firing;
DROP TABLE automation_related_resource;
DROP TABLE automation_held_event;
DROP TABLE automation_bucket;
DROP TABLE automation;
DROP TABLE event_resources;
DROP TABLE events;
