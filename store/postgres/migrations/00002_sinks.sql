-- Sinks and the outbox of their deliveries (issue 13).

-- +goose Up
CREATE TABLE sinks (
    workspace_id BIGINT NOT NULL,
    uuid TEXT NOT NULL,
    data TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    modified_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, uuid)
);
CREATE TABLE deliveries (
    id BIGSERIAL PRIMARY KEY,
    workspace_id BIGINT NOT NULL,
    sink_uuid TEXT NOT NULL,
    event_uuid TEXT NOT NULL,
    request TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_on BIGINT NOT NULL,
    last_error TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    failed_on BIGINT
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_on) WHERE status = 'pending';
CREATE INDEX deliveries_sink ON deliveries (workspace_id, sink_uuid, status, id);

-- +goose Down
DROP TABLE deliveries;
DROP TABLE sinks;
