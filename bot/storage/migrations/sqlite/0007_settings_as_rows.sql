-- Settings as rows: one (guild_id, name, value) per setting a server changed from its default,
-- the value as the setting serialises it (bot/storage/rows.py), so that a new setting needs no
-- migration. A column at its default (those of schema version 6 below) becomes no row; the
-- opted-in channels keep their table.
ALTER TABLE guild_settings RENAME TO guild_settings_v6;

CREATE TABLE guild_settings (
    guild_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (guild_id, name)
) WITHOUT ROWID;

INSERT INTO guild_settings (guild_id, name, value)
    SELECT guild_id, 'prefix', prefix FROM guild_settings_v6 WHERE prefix IS NOT NULL
    UNION ALL
    SELECT guild_id, 'comparison', comparison FROM guild_settings_v6 WHERE comparison IS NOT NULL
    UNION ALL
    SELECT guild_id, 'default_library', default_library FROM guild_settings_v6
        WHERE default_library IS NOT NULL
    UNION ALL
    SELECT guild_id, 'freeform', freeform FROM guild_settings_v6 WHERE freeform IS NOT 'mention'
    UNION ALL
    SELECT guild_id, 'visibility', visibility FROM guild_settings_v6 WHERE visibility IS NOT 'public'
    UNION ALL
    SELECT guild_id, 'style', style FROM guild_settings_v6 WHERE style IS NOT 'embed'
    UNION ALL
    SELECT guild_id, 'gaps', gaps FROM guild_settings_v6 WHERE gaps IS NOT 'on';

DROP TABLE guild_settings_v6;
