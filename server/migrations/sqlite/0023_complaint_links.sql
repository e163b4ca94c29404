-- A complaint may cover several conversations of its customer (R-CMP1:
-- "conversation(s)"): each further one linked once, to one complaint.

CREATE TABLE complaint_conversations (
    complaint_id     INTEGER NOT NULL REFERENCES complaints(id),
    conversation_id  INTEGER NOT NULL UNIQUE REFERENCES conversations(id),
    linked_by        INTEGER REFERENCES agents(id),
    linked_at        INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, conversation_id)
);
