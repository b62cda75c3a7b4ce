-- Discharge referrals: a broker's unit of work, with no patient identifier. Open until closed as
-- placed (at a home, on the day admitted), other pathway (with a reason) or withdrawn. Holds may
-- belong to one.
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL,
    hospital TEXT NOT NULL,
    placing_borough TEXT NOT NULL,
    need TEXT NOT NULL,
    ready_on TEXT NOT NULL,
    ceiling_pence INTEGER NOT NULL,
    broker_id INTEGER NOT NULL REFERENCES users (id),
    opened_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    closed_on TEXT,
    home_id TEXT REFERENCES homes (id),
    reason TEXT,
    closed_at TEXT,
    closed_by INTEGER REFERENCES users (id)
);
CREATE INDEX referrals_status ON referrals (status, ready_on);
ALTER TABLE holds ADD COLUMN referral_id INTEGER REFERENCES referrals (id);
CREATE INDEX holds_referral ON holds (referral_id);
