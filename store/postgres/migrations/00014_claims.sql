-- Many workers on one database (issue 14): the keys of work done once (a client's message
-- id, a flow start's contact), written in the sprint's transaction, and the lease of the
-- worker running a flow start.

-- +goose Up
CREATE TABLE sprint_keys (
    workspace_id BIGINT NOT NULL,
    once_key TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, once_key)
);
ALTER TABLE flow_starts ADD COLUMN lease_until BIGINT;
CREATE INDEX flow_starts_lease ON flow_starts (lease_until) WHERE status IN ('pending', 'started');

-- +goose Down
DROP INDEX flow_starts_lease;
ALTER TABLE flow_starts DROP COLUMN lease_until;
DROP TABLE sprint_keys;
