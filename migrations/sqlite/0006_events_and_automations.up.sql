-- 0006_events_and_automations (SQLite): events and their resources, automations, trigger
-- buckets, held events, related resources, composite-trigger child firings, event followers.
-- Skipped (GIN-only on Postgres, absent on both sides): ix_events__related_resource_ids_gin, ix_events__related_gin.

CREATE TABLE events (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    occurred TEXT NOT NULL,
    event TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    resource TEXT NOT NULL,
    related_resource_ids TEXT NOT NULL DEFAULT '[]',
    related TEXT NOT NULL DEFAULT '[]',
    payload TEXT NOT NULL,
    received TEXT NOT NULL,
    recorded TEXT NOT NULL,
    follows TEXT,
    CONSTRAINT pk_events PRIMARY KEY (id)
);
CREATE INDEX ix_events__updated ON events (updated);
CREATE INDEX ix_events__occurred ON events (occurred);
CREATE INDEX ix_events__event__id ON events (event, id);
CREATE INDEX ix_events__event_resource_id_occurred ON events (event, resource_id, occurred);
CREATE INDEX ix_events__occurred_id ON events (occurred, id);
CREATE INDEX ix_events__event_occurred_id ON events (event, occurred, id);
CREATE INDEX ix_events__event_occurred ON events (event, occurred);

CREATE TABLE event_resources (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    occurred TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    resource_role TEXT NOT NULL,
    resource TEXT NOT NULL,
    event_id TEXT NOT NULL,
    CONSTRAINT pk_event_resources PRIMARY KEY (id)
);
CREATE INDEX ix_event_resources__updated ON event_resources (updated);
CREATE INDEX ix_event_resources__resource_id__occurred ON event_resources (resource_id, occurred);
CREATE INDEX ix_event_resources__occurred ON event_resources (occurred);
CREATE INDEX ix_event_resources__event_id ON event_resources (event_id);

CREATE TABLE automation (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    tags TEXT NOT NULL DEFAULT '[]',
    trigger TEXT NOT NULL,
    actions TEXT NOT NULL,
    actions_on_trigger TEXT NOT NULL DEFAULT '[]',
    actions_on_resolve TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT pk_automation PRIMARY KEY (id)
);
CREATE INDEX ix_automation__updated ON automation (updated);

CREATE TABLE automation_bucket (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    automation_id TEXT NOT NULL,
    trigger_id TEXT NOT NULL,
    bucketing_key TEXT NOT NULL DEFAULT '[]',
    last_event TEXT,
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    count INTEGER NOT NULL,
    last_operation TEXT,
    triggered_at TEXT,
    CONSTRAINT pk_automation_bucket PRIMARY KEY (id),
    CONSTRAINT fk_automation_bucket__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_automation_bucket__updated ON automation_bucket (updated);
CREATE UNIQUE INDEX uq_automation_bucket__automation_id__trigger_id__bucketing_key
    ON automation_bucket (automation_id, trigger_id, bucketing_key);
CREATE INDEX ix_automation_bucket__automation_id__end ON automation_bucket (automation_id, "end");

CREATE TABLE automation_held_event (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    automation_id TEXT NOT NULL,
    trigger_id TEXT NOT NULL,
    bucketing_key TEXT NOT NULL DEFAULT '[]',
    event_id TEXT NOT NULL,
    occurred TEXT NOT NULL,
    CONSTRAINT pk_automation_held_event PRIMARY KEY (id),
    CONSTRAINT fk_automation_held_event__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_automation_held_event__updated ON automation_held_event (updated);
CREATE UNIQUE INDEX uq_automation_held_event__trigger_key_event
    ON automation_held_event (automation_id, trigger_id, bucketing_key, event_id);
CREATE INDEX ix_automation_held_event__trigger_key_occurred
    ON automation_held_event (automation_id, trigger_id, bucketing_key, occurred, event_id);

CREATE TABLE automation_related_resource (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    automation_id TEXT NOT NULL,
    resource_id TEXT,
    automation_owned_by_resource INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_automation_related_resource PRIMARY KEY (id),
    CONSTRAINT fk_automation_related_resource__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_automation_related_resource__updated ON automation_related_resource (updated);
CREATE INDEX ix_automation_related_resource__resource_id ON automation_related_resource (resource_id);
CREATE UNIQUE INDEX uq_automation_related_resource__automation_id__resource_id
    ON automation_related_resource (automation_id, resource_id);

CREATE TABLE composite_trigger_child_firing (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    automation_id TEXT NOT NULL,
    parent_trigger_id TEXT NOT NULL,
    child_trigger_id TEXT NOT NULL,
    child_firing_id TEXT NOT NULL,
    child_fired_at TEXT,
    child_firing TEXT NOT NULL,
    CONSTRAINT pk_composite_trigger_child_firing PRIMARY KEY (id),
    CONSTRAINT fk_composite_trigger_child_firing__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_composite_trigger_child_firing__updated ON composite_trigger_child_firing (updated);
CREATE UNIQUE INDEX uq_composite_trigger_child_firing__a_id__pt_id__ct__id
    ON composite_trigger_child_firing (automation_id, parent_trigger_id, child_trigger_id);

CREATE TABLE automation_event_follower (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    scope TEXT NOT NULL,
    leader_event_id TEXT NOT NULL,
    follower_event_id TEXT NOT NULL,
    received TEXT NOT NULL,
    follower TEXT NOT NULL,
    CONSTRAINT pk_automation_event_follower PRIMARY KEY (id)
);
CREATE INDEX ix_automation_event_follower__updated ON automation_event_follower (updated);
CREATE INDEX ix_automation_event_follower__scope ON automation_event_follower (scope);
CREATE INDEX ix_automation_event_follower__leader_event_id ON automation_event_follower (leader_event_id);
CREATE INDEX ix_automation_event_follower__received ON automation_event_follower (received);
CREATE UNIQUE INDEX uq_follower_for_scope ON automation_event_follower (scope, follower_event_id);
CREATE INDEX ix_ae_follower_scope_leader ON automation_event_follower (scope, leader_event_id);
