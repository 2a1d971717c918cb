-- One row per server. (PostgreSQL support came with schema version 4: the opted-in channels
-- were never a JSON list here.)
CREATE TABLE guild_settings (
    guild_id BIGINT PRIMARY KEY,
    prefix TEXT,
    default_library TEXT,
    freeform TEXT NOT NULL,
    visibility TEXT NOT NULL,
    style TEXT NOT NULL
);
