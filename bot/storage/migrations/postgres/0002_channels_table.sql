-- Opted-in channels: one row per channel.
CREATE TABLE freeform_channels (
    guild_id BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
