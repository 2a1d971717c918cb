-- Answers a server's staff taught (`/teach`): one row per topic and server — the ways of
-- asking (one per line), the answer, who taught it (a member's id; 0: unknown, e.g. an
-- imported file) and when (Unix time).
CREATE TABLE taught_answers (
    guild_id INTEGER NOT NULL,
    topic TEXT NOT NULL,
    questions TEXT NOT NULL,
    answer TEXT NOT NULL,
    taught_by INTEGER NOT NULL,
    taught_at REAL NOT NULL,
    PRIMARY KEY (guild_id, topic)
) WITHOUT ROWID;
