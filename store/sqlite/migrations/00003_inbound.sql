-- Per-source secrets of inbound events (issue 13).

-- +goose Up
CREATE TABLE inbound_sources (
    workspace_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_on BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

-- +goose Down
DROP TABLE inbound_sources;
