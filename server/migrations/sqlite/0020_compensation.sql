-- Compensation (R-CMP2): exchange rates an admin maintains per site, and an
-- append-only ledger of proposals and their one decision each. Money is in
-- whole minor units with the currency's exponent; rates are millionths of
-- a whole reference unit per whole unit of the currency.

CREATE TABLE exchange_rates (
    id                INTEGER PRIMARY KEY,
    site_key          TEXT NOT NULL REFERENCES sites(key),
    currency          TEXT NOT NULL,
    valid_from        INTEGER NOT NULL,
    reference_micros  INTEGER NOT NULL CHECK (reference_micros > 0),
    set_by            INTEGER NOT NULL REFERENCES agents(id),
    set_at            INTEGER NOT NULL,
    UNIQUE (site_key, currency, valid_from)
);

CREATE TABLE compensations (
    id                  INTEGER PRIMARY KEY,
    site_key            TEXT NOT NULL REFERENCES sites(key),
    conversation_id     INTEGER NOT NULL REFERENCES conversations(id),
    client_id           TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('refund', 'coupon', 'reshipment', 'other')),
    currency            TEXT NOT NULL,
    exponent            INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4),
    minor               INTEGER NOT NULL CHECK (minor > 0),
    reference_currency  TEXT NOT NULL,
    reference_exponent  INTEGER NOT NULL CHECK (reference_exponent BETWEEN 0 AND 4),
    reference_minor     INTEGER NOT NULL CHECK (reference_minor > 0),
    rate_micros         INTEGER,
    major               INTEGER NOT NULL DEFAULT 0,
    reason              TEXT NOT NULL,
    proposed_by         INTEGER NOT NULL REFERENCES agents(id),
    proposed_at         INTEGER NOT NULL,
    UNIQUE (conversation_id, client_id)
);
CREATE INDEX compensations_by_site ON compensations(site_key, proposed_at DESC);

CREATE TABLE compensation_decisions (
    compensation_id  INTEGER PRIMARY KEY REFERENCES compensations(id),
    outcome          TEXT NOT NULL CHECK (outcome IN ('granted', 'approved', 'reduced', 'refused')),
    minor            INTEGER NOT NULL CHECK (minor >= 0),
    reference_minor  INTEGER NOT NULL CHECK (reference_minor >= 0),
    decided_by       INTEGER NOT NULL REFERENCES agents(id),
    decided_at       INTEGER NOT NULL,
    reason           TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER compensations_no_update BEFORE UPDATE ON compensations
    BEGIN SELECT RAISE(ABORT, 'the compensation ledger is append-only'); END;
CREATE TRIGGER compensations_no_delete BEFORE DELETE ON compensations
    BEGIN SELECT RAISE(ABORT, 'the compensation ledger is append-only'); END;
CREATE TRIGGER compensation_decisions_no_update BEFORE UPDATE ON compensation_decisions
    BEGIN SELECT RAISE(ABORT, 'the compensation ledger is append-only'); END;
CREATE TRIGGER compensation_decisions_no_delete BEFORE DELETE ON compensation_decisions
    BEGIN SELECT RAISE(ABORT, 'the compensation ledger is append-only'); END;
