"""How a `python -m bot` process ends: its exit codes, for operators and their supervisors
(README, "Your data": exit codes)."""

EXIT_OK = 0
EXIT_BAD_KNOWLEDGE = 1  # an invalid knowledge file
EXIT_BAD_CONFIG = 2  # a missing or rejected token, a value Versus cannot use, shards another process runs
EXIT_REFUSED = 2  # `db`, `settings`: a value refused, a purge not confirmed; `ask --jsonl`: a bad line
EXIT_INTENT_REFUSED = 3  # Discord refused the message-content intent
EXIT_BAD_STORE = 4  # the settings database is unusable or unreachable
EXIT_DISCORD_REFUSED = 5  # Discord refused the request (e.g. no applications.commands scope)
EXIT_DISCORD_UNREACHABLE = 6  # Discord could not be reached at start
