-- Reference documents (the footprint, the data manifest's notice and attribution) as JSON.
CREATE TABLE reference_documents (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TABLE homes (
    id TEXT PRIMARY KEY,
    cqc_location_id TEXT UNIQUE,
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    borough TEXT NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    location_approximate INTEGER NOT NULL DEFAULT 0,
    registered_beds INTEGER NOT NULL,
    care_type TEXT NOT NULL,
    specialisms TEXT NOT NULL,
    rating TEXT,
    rating_date TEXT,
    deregistered_on TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX homes_borough ON homes (borough);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    borough TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE provider_homes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    home_id TEXT NOT NULL REFERENCES homes (id),
    PRIMARY KEY (user_id, home_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Every version of every return; an amendment is a new row with the next version.
CREATE TABLE capacity_returns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    home_id TEXT NOT NULL REFERENCES homes (id),
    week TEXT NOT NULL,
    version INTEGER NOT NULL,
    submission_id TEXT NOT NULL UNIQUE,
    submitted_at TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    body TEXT NOT NULL,
    UNIQUE (home_id, week, version)
);
CREATE INDEX capacity_returns_week ON capacity_returns (week);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE TRIGGER capacity_returns_append_only_update BEFORE UPDATE ON capacity_returns
BEGIN SELECT RAISE(ABORT, 'capacity returns are append-only'); END;
CREATE TRIGGER capacity_returns_append_only_delete BEFORE DELETE ON capacity_returns
BEGIN SELECT RAISE(ABORT, 'capacity returns are append-only'); END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
