-- Step-down beds a borough has bought in a block at a home, and what the home reports each week
-- about their use. A week's report replaces the previous one for that contract and week.
CREATE TABLE block_contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    home_id TEXT NOT NULL REFERENCES homes (id),
    commissioner TEXT NOT NULL,
    purpose TEXT NOT NULL,
    beds INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    weekly_price_pence INTEGER NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX block_contracts_home ON block_contracts (home_id);
CREATE TABLE block_weeks (
    contract_id INTEGER NOT NULL REFERENCES block_contracts (id),
    week TEXT NOT NULL,
    occupied_nights INTEGER NOT NULL,
    admissions INTEGER NOT NULL,
    discharges INTEGER NOT NULL,
    reported_by INTEGER NOT NULL REFERENCES users (id),
    reported_at TEXT NOT NULL,
    PRIMARY KEY (contract_id, week)
);
