-- What each sprint's actions did (issue 13).

-- +goose Up
CREATE TABLE sprint_records (
    id BIGSERIAL PRIMARY KEY,
    workspace_id BIGINT NOT NULL,
    session_uuid TEXT NOT NULL,
    sprint_uuid TEXT NOT NULL,
    kind TEXT NOT NULL,
    actions TEXT NOT NULL,
    created_on BIGINT NOT NULL
);
CREATE INDEX sprint_records_session ON sprint_records (workspace_id, session_uuid, id);

-- +goose Down
DROP TABLE sprint_records;
