-- The `gaps` setting; the questions Versus could not answer (text only) and the votes on
-- answers (who voted, only to count each member once per answer). Times: Unix time.
ALTER TABLE guild_settings ADD COLUMN gaps TEXT NOT NULL DEFAULT 'on';

CREATE TABLE unanswered_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    asked_at REAL NOT NULL
);

CREATE INDEX unanswered_by_guild ON unanswered_questions (guild_id, asked_at);

CREATE TABLE answer_votes (
    message_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    guild_id INTEGER,
    kind TEXT NOT NULL,
    answer TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    voted_at REAL NOT NULL,
    PRIMARY KEY (message_id, user_id)
) WITHOUT ROWID;

CREATE INDEX votes_by_guild ON answer_votes (guild_id, voted_at);
