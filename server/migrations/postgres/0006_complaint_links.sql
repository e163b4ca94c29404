-- A complaint may cover several conversations of its customer: see
-- sqlite/0023_complaint_links.sql.

CREATE TABLE complaint_conversations (
    complaint_id     BIGINT NOT NULL REFERENCES complaints(id),
    conversation_id  BIGINT NOT NULL UNIQUE REFERENCES conversations(id),
    linked_by        BIGINT REFERENCES agents(id),
    linked_at        BIGINT NOT NULL,
    PRIMARY KEY (complaint_id, conversation_id)
);
