"""The Discord adapter: the bot, the command context, permissions, embeds, buttons and views."""
