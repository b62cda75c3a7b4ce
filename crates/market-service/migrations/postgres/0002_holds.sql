-- Brokers' holds on vacant beds. A hold is active until it expires or has an outcome: released
-- by its broker, admitted or declined by the home's provider.
CREATE TABLE holds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    home_id TEXT NOT NULL REFERENCES homes (id),
    category TEXT NOT NULL,
    reference TEXT NOT NULL,
    broker_id BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    outcome TEXT,
    resolved_at TEXT,
    resolved_by BIGINT REFERENCES users (id)
);
CREATE INDEX holds_home ON holds (home_id, category);
CREATE INDEX holds_broker ON holds (broker_id);
