-- Each server's comparison (NULL: the bot's default). A default library stored before this
-- keeps its bare key, which means that key in the server's comparison.
ALTER TABLE guild_settings ADD COLUMN comparison TEXT;
