-- How many knowledge reloads owners asked for: a process that missed the NOTIFY compares it.
CREATE TABLE knowledge_reloads (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    asked BIGINT NOT NULL
);

INSERT INTO knowledge_reloads (id, asked) VALUES (1, 0);
