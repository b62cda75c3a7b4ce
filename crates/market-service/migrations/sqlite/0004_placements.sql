-- The placements ledger: placements each borough has commissioned, imported from its
-- case-management system's CSV. A borough's placement ID is its own reference: importing the
-- same ID again replaces the row. Rows seeded from the shipped sample have no importing user.
CREATE TABLE placements (
    placing_borough TEXT NOT NULL,
    placement_id TEXT NOT NULL,
    home_id TEXT NOT NULL REFERENCES homes (id),
    category TEXT NOT NULL,
    funder TEXT NOT NULL,
    weekly_price_pence INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    imported_by INTEGER REFERENCES users (id),
    imported_at TEXT NOT NULL,
    PRIMARY KEY (placing_borough, placement_id)
);
CREATE INDEX placements_home ON placements (home_id);
