-- The `gaps` setting; the questions Versus could not answer (text only) and the votes on
-- answers (who voted, only to count each member once per answer). Times: Unix time.
ALTER TABLE guild_settings ADD COLUMN gaps TEXT NOT NULL DEFAULT 'on';

CREATE TABLE unanswered_questions (
    id BIGSERIAL PRIMARY KEY,
    guild_id BIGINT NOT NULL,
    text TEXT NOT NULL,
    asked_at DOUBLE PRECISION NOT NULL
);

CREATE INDEX unanswered_by_guild ON unanswered_questions (guild_id, asked_at);

CREATE TABLE answer_votes (
    message_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    guild_id BIGINT,
    kind TEXT NOT NULL,
    answer TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    voted_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE INDEX votes_by_guild ON answer_votes (guild_id, voted_at);
