-- One row per server; its opted-in channels a JSON list.
CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY,
    prefix TEXT,
    default_library TEXT,
    freeform TEXT NOT NULL,
    freeform_channels TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL,
    style TEXT NOT NULL
);
