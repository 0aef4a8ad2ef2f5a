-- Where an event came from: GA4's geo object (continent, country, region, city), sent by the client or looked up by
-- ingest from the client's address in the operator's MaxMind-format database (the address itself is never stored).
-- '' for absent, as every string of the table. Kafka record version 3 carries these four columns last; a writer
-- stores version 2 records with them empty.
ALTER TABLE ${database}.events
    ADD COLUMN IF NOT EXISTS geo_continent LowCardinality(String) AFTER items,
    ADD COLUMN IF NOT EXISTS geo_country   LowCardinality(String) AFTER geo_continent,
    ADD COLUMN IF NOT EXISTS geo_region    LowCardinality(String) AFTER geo_country,
    ADD COLUMN IF NOT EXISTS geo_city      LowCardinality(String) AFTER geo_region;
