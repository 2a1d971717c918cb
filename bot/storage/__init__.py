"""The per-server settings store: one interface, a SQLite and a PostgreSQL engine."""
