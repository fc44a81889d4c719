-- 0006_events_and_automations (Postgres): events and their resources, automations, trigger
-- buckets, held events, related resources, composite-trigger child firings, event followers.
-- Skipped Postgres-only GIN indexes: ix_events__related_resource_ids_gin, ix_events__related_gin.

CREATE TABLE events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    occurred timestamptz NOT NULL,
    event text NOT NULL,
    resource_id text NOT NULL,
    resource jsonb NOT NULL,
    related_resource_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
    related jsonb NOT NULL DEFAULT '[]'::jsonb,
    payload jsonb NOT NULL,
    received timestamptz NOT NULL,
    recorded timestamptz NOT NULL,
    follows uuid,
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
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    occurred timestamptz NOT NULL,
    resource_id text NOT NULL,
    resource_role text NOT NULL,
    resource jsonb NOT NULL,
    event_id uuid NOT NULL,
    CONSTRAINT pk_event_resources PRIMARY KEY (id)
);
CREATE INDEX ix_event_resources__updated ON event_resources (updated);
CREATE INDEX ix_event_resources__resource_id__occurred ON event_resources (resource_id, occurred);
CREATE INDEX ix_event_resources__occurred ON event_resources (occurred);
CREATE INDEX ix_event_resources__event_id ON event_resources (event_id);

CREATE TABLE automation (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    description text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    trigger jsonb NOT NULL,
    actions jsonb NOT NULL,
    actions_on_trigger jsonb NOT NULL DEFAULT '[]'::jsonb,
    actions_on_resolve jsonb NOT NULL DEFAULT '[]'::jsonb,
    CONSTRAINT pk_automation PRIMARY KEY (id)
);
CREATE INDEX ix_automation__updated ON automation (updated);

CREATE TABLE automation_bucket (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    automation_id uuid NOT NULL,
    trigger_id uuid NOT NULL,
    bucketing_key jsonb NOT NULL DEFAULT '[]'::jsonb,
    last_event jsonb,
    start timestamptz NOT NULL,
    "end" timestamptz NOT NULL,
    count integer NOT NULL,
    last_operation text,
    triggered_at timestamptz,
    CONSTRAINT pk_automation_bucket PRIMARY KEY (id),
    CONSTRAINT fk_automation_bucket__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_automation_bucket__updated ON automation_bucket (updated);
CREATE UNIQUE INDEX uq_automation_bucket__automation_id__trigger_id__bucketing_key
    ON automation_bucket (automation_id, trigger_id, bucketing_key);
CREATE INDEX ix_automation_bucket__automation_id__end ON automation_bucket (automation_id, "end");

CREATE TABLE automation_held_event (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    automation_id uuid NOT NULL,
    trigger_id uuid NOT NULL,
    bucketing_key jsonb NOT NULL DEFAULT '[]'::jsonb,
    event_id uuid NOT NULL,
    occurred timestamptz NOT NULL,
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
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    automation_id uuid NOT NULL,
    resource_id text,
    automation_owned_by_resource boolean NOT NULL DEFAULT false,
    CONSTRAINT pk_automation_related_resource PRIMARY KEY (id),
    CONSTRAINT fk_automation_related_resource__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_automation_related_resource__updated ON automation_related_resource (updated);
CREATE INDEX ix_automation_related_resource__resource_id ON automation_related_resource (resource_id);
CREATE UNIQUE INDEX uq_automation_related_resource__automation_id__resource_id
    ON automation_related_resource (automation_id, resource_id);

CREATE TABLE composite_trigger_child_firing (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    automation_id uuid NOT NULL,
    parent_trigger_id uuid NOT NULL,
    child_trigger_id uuid NOT NULL,
    child_firing_id uuid NOT NULL,
    child_fired_at timestamptz,
    child_firing jsonb NOT NULL,
    CONSTRAINT pk_composite_trigger_child_firing PRIMARY KEY (id),
    CONSTRAINT fk_composite_trigger_child_firing__automation_id__automation
        FOREIGN KEY (automation_id) REFERENCES automation (id) ON DELETE CASCADE
);
CREATE INDEX ix_composite_trigger_child_firing__updated ON composite_trigger_child_firing (updated);
CREATE UNIQUE INDEX uq_composite_trigger_child_firing__a_id__pt_id__ct__id
    ON composite_trigger_child_firing (automation_id, parent_trigger_id, child_trigger_id);

CREATE TABLE automation_event_follower (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    scope text NOT NULL,
    leader_event_id uuid NOT NULL,
    follower_event_id uuid NOT NULL,
    received timestamptz NOT NULL,
    follower jsonb NOT NULL,
    CONSTRAINT pk_automation_event_follower PRIMARY KEY (id)
);
CREATE INDEX ix_automation_event_follower__updated ON automation_event_follower (updated);
CREATE INDEX ix_automation_event_follower__scope ON automation_event_follower (scope);
CREATE INDEX ix_automation_event_follower__leader_event_id ON automation_event_follower (leader_event_id);
CREATE INDEX ix_automation_event_follower__received ON automation_event_follower (received);
CREATE UNIQUE INDEX uq_follower_for_scope ON automation_event_follower (scope, follower_event_id);
CREATE INDEX ix_ae_follower_scope_leader ON automation_event_follower (scope, leader_event_id);
