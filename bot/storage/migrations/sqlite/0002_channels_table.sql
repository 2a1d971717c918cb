-- Opted-in channels move from a JSON list column to one row per channel.
CREATE TABLE freeform_channels (
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO freeform_channels (guild_id, channel_id)
    SELECT guild_settings.guild_id, channel.value
    FROM guild_settings, json_each(guild_settings.freeform_channels) AS channel;

-- Rebuilt rather than DROP COLUMN, which needs SQLite 3.35 (some distributions ship older).
CREATE TABLE guild_settings_v2 (
    guild_id INTEGER PRIMARY KEY,
    prefix TEXT,
    default_library TEXT,
    freeform TEXT NOT NULL,
    visibility TEXT NOT NULL,
    style TEXT NOT NULL
);

INSERT INTO guild_settings_v2
    SELECT guild_id, prefix, default_library, freeform, visibility, style FROM guild_settings;

DROP TABLE guild_settings;

ALTER TABLE guild_settings_v2 RENAME TO guild_settings;
