-- Step-down beds a borough has bought in a block at a home, and what the home reports each week
-- about their use. A week's report replaces the previous one for that contract and week.
CREATE TABLE block_contracts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    home_id TEXT NOT NULL REFERENCES homes (id),
    commissioner TEXT NOT NULL,
    purpose TEXT NOT NULL,
    beds BIGINT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    weekly_price_pence BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX block_contracts_home ON block_contracts (home_id);
CREATE TABLE block_weeks (
    contract_id BIGINT NOT NULL REFERENCES block_contracts (id),
    week TEXT NOT NULL,
    occupied_nights BIGINT NOT NULL,
    admissions BIGINT NOT NULL,
    discharges BIGINT NOT NULL,
    reported_by BIGINT NOT NULL REFERENCES users (id),
    reported_at TEXT NOT NULL,
    PRIMARY KEY (contract_id, week)
);
