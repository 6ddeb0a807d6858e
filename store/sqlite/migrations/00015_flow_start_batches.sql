-- Flow starts in batches any worker may claim (issue 14): a start's contacts, once listed,
-- are split into batches; each is leased to the worker running it.

-- +goose Up
CREATE TABLE flow_start_batches (
    workspace_id BIGINT NOT NULL,
    start_uuid TEXT NOT NULL,
    idx INTEGER NOT NULL,
    contacts TEXT NOT NULL,
    status TEXT NOT NULL,
    lease_until BIGINT,
    PRIMARY KEY (workspace_id, start_uuid, idx)
);
CREATE INDEX flow_start_batches_due ON flow_start_batches (lease_until) WHERE status = 'pending';

-- +goose Down
DROP TABLE flow_start_batches;
