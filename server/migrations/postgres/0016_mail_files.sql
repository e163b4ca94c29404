-- Files that came with a customer's mail (issue 22): the message they came
-- with, so the desk lists them beside it. Files from the widget's forms
-- leave it empty.
ALTER TABLE attachments ADD COLUMN message_seq BIGINT;
