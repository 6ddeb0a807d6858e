-- Sprint keys are pruned once older than the server's dedupe window (PruneSprintKeys):
-- an index on their age, so that the prune reads only what it deletes.

-- +goose Up
CREATE INDEX sprint_keys_created ON sprint_keys (created_on);

-- +goose Down
DROP INDEX sprint_keys_created;
