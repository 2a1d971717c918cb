-- When the bot was removed from a server (Unix time): its data goes after a grace period.
CREATE TABLE removed_guilds (guild_id BIGINT PRIMARY KEY, removed_at DOUBLE PRECISION NOT NULL);
