-- Customers found by a word of their name from an index: the words lower case and without
-- accents, as the store folds what is typed (and as SQLite's tokenizer does), kept by a trigger.
CREATE EXTENSION IF NOT EXISTS unaccent;
ALTER TABLE customers ADD COLUMN name_words TSVECTOR NOT NULL DEFAULT '';
CREATE FUNCTION customers_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_words := to_tsvector('simple', unaccent(lower(NEW.name)));
    RETURN NEW;
END $$;
CREATE TRIGGER customers_name_words BEFORE INSERT OR UPDATE OF name ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_name_words();
UPDATE customers SET name = name;
CREATE INDEX customers_name_words ON customers USING GIN (name_words);
