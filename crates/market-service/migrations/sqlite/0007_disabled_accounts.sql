-- When an administrator disabled the account; null while it may sign in.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
