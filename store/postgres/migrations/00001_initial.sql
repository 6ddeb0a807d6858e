-- +goose Up
CREATE TABLE workspaces (
    id BIGSERIAL PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    assets TEXT,
    assets_version BIGINT NOT NULL DEFAULT 0,
    created_on BIGINT NOT NULL
);
CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
    created_on BIGINT NOT NULL
);
CREATE TABLE flows (
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    revision INTEGER NOT NULL,
    definition TEXT NOT NULL,
    modified_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, uuid)
);
CREATE TABLE flow_revisions (
    workspace_id BIGINT NOT NULL,
    flow_uuid TEXT NOT NULL,
    revision INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, flow_uuid, revision)
);
CREATE TABLE contacts (
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    data TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    modified_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, uuid)
);
CREATE TABLE contact_urns (
    workspace_id BIGINT NOT NULL,
    urn TEXT NOT NULL,
    contact_uuid TEXT NOT NULL,
    PRIMARY KEY (workspace_id, urn)
);
CREATE INDEX contact_urns_contact ON contact_urns (workspace_id, contact_uuid);
CREATE TABLE sessions (
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    contact_uuid TEXT NOT NULL,
    status TEXT NOT NULL,
    flow_uuid TEXT NOT NULL,
    data TEXT NOT NULL,
    timeout_on BIGINT,
    expires_on BIGINT,
    due_on BIGINT,
    created_on BIGINT NOT NULL,
    modified_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, uuid)
);
CREATE INDEX sessions_contact ON sessions (workspace_id, contact_uuid, created_on);
CREATE INDEX sessions_due ON sessions (due_on) WHERE status = 'waiting';
CREATE TABLE runs (
    seq BIGSERIAL PRIMARY KEY,
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    session_uuid TEXT NOT NULL,
    contact_uuid TEXT NOT NULL,
    flow_uuid TEXT NOT NULL,
    status TEXT NOT NULL,
    results TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    modified_on BIGINT NOT NULL,
    exited_on BIGINT,
    UNIQUE (workspace_id, uuid)
);
CREATE INDEX runs_flow ON runs (workspace_id, flow_uuid, seq);
CREATE INDEX runs_contact ON runs (workspace_id, contact_uuid);
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    contact_uuid TEXT NOT NULL,
    session_uuid TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_on BIGINT NOT NULL
);
CREATE INDEX events_workspace ON events (workspace_id, id);
CREATE UNIQUE INDEX events_uuid ON events (workspace_id, uuid);
CREATE INDEX events_contact ON events (workspace_id, contact_uuid, id);
CREATE TABLE triggers (
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    data TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    modified_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, uuid)
);
CREATE TABLE flow_starts (
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    flow_uuid TEXT NOT NULL,
    status TEXT NOT NULL,
    request TEXT NOT NULL,
    total INTEGER NOT NULL,
    started INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    created_on BIGINT NOT NULL,
    modified_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, uuid)
);

-- +goose Down
DROP TABLE flow_starts;
DROP TABLE triggers;
DROP TABLE events;
DROP TABLE runs;
DROP TABLE sessions;
DROP TABLE contact_urns;
DROP TABLE contacts;
DROP TABLE flow_revisions;
DROP TABLE flows;
DROP TABLE tokens;
DROP TABLE workspaces;
