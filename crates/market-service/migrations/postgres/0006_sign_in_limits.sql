-- Sign-in attempts per username and per client address in the current window (the sign-in
-- limit, shared by every service instance on this database). A row whose window is over is
-- deleted as new attempts arrive.
CREATE TABLE sign_in_limits (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    window_start TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX sign_in_limits_window_start ON sign_in_limits (window_start);
