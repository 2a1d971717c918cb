-- Each server's comparison (NULL: the bot's default).
ALTER TABLE guild_settings ADD COLUMN comparison TEXT;
