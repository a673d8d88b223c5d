-- Customers found by any word of their name from an index, as the tickets' words are: a name
-- look-up (and every search, which also looks for the customer) no longer reads every customer.
CREATE VIRTUAL TABLE customer_names USING fts5 (
    name, content = 'customers', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO customer_names (customer_names) VALUES ('rebuild');
CREATE TRIGGER customer_names_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_names (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER customer_names_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customer_names (customer_names, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER customer_names_update AFTER UPDATE OF name ON customers BEGIN
    INSERT INTO customer_names (customer_names, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO customer_names (rowid, name) VALUES (new.id, new.name);
END;
