-- Issue 19 (R-SELF3): a site's order-lookup endpoint on its own back-end,
-- called (signed with its own secret, sealed here) when a customer or an
-- agent tracks an order.
CREATE TABLE order_lookups (
    site_key    TEXT PRIMARY KEY REFERENCES sites(key),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    updated_by  INTEGER REFERENCES agents(id),
    updated_at  INTEGER NOT NULL
);
