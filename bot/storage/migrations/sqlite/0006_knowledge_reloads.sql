-- How many knowledge reloads owners asked for: processes sharing the file compare it.
CREATE TABLE knowledge_reloads (id INTEGER PRIMARY KEY CHECK (id = 1), asked INTEGER NOT NULL);

INSERT INTO knowledge_reloads (id, asked) VALUES (1, 0);
