-- detente store schema (DuckDB). One file owns it; the Store class applies it.
CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR PRIMARY KEY,
    path          VARCHAR,
    title         VARCHAR,
    url           VARCHAR,
    source        VARCHAR,
    pub_date      DATE,
    date_source   VARCHAR,
    content_hash  VARCHAR NOT NULL,
    n_sentences   INTEGER,
    n_events      INTEGER,
    origin        VARCHAR DEFAULT 'text',  -- 'text' or the dataset it was imported from
    coded_at      TIMESTAMP DEFAULT current_timestamp,
    source_key    VARCHAR   -- where it came from (see Document.key); NULL in older stores
);
-- Stores made before documents had a source key gain the column (NULL: identified by doc_id).
ALTER TABLE documents ADD COLUMN IF NOT EXISTS source_key VARCHAR;

CREATE TABLE IF NOT EXISTS sentences (
    doc_id          VARCHAR NOT NULL,
    sentence_index  INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    paragraph       INTEGER,
    is_caption      BOOLEAN,
    PRIMARY KEY (doc_id, sentence_index)
);

-- One row per coded event mention: every sentence that reports an event.
CREATE TABLE IF NOT EXISTS mentions (
    id              VARCHAR PRIMARY KEY,  -- the mention id (the public record id)
    event_key       VARCHAR NOT NULL,
    doc_id          VARCHAR NOT NULL,
    sentence_index  INTEGER,
    sentence        VARCHAR,
    source_code     VARCHAR,
    source_country  VARCHAR,
    source_sector   VARCHAR,
    source_text     VARCHAR,
    source_name     VARCHAR,
    target_code     VARCHAR,
    target_country  VARCHAR,
    target_sector   VARCHAR,
    target_text     VARCHAR,
    target_name     VARCHAR,
    cameo           VARCHAR NOT NULL,
    root            VARCHAR NOT NULL,
    quad_class      TINYINT NOT NULL,
    goldstein       DOUBLE NOT NULL,
    plover          VARCHAR,
    date            DATE,
    date_precision  VARCHAR,
    date_text       VARCHAR,
    place_name      VARCHAR,
    place_country   VARCHAR,
    place_lat       DOUBLE,
    place_lon       DOUBLE,
    negated         BOOLEAN NOT NULL,
    modality        VARCHAR NOT NULL,
    issues          VARCHAR[],
    trigger         VARCHAR,
    origin          VARCHAR DEFAULT 'text',
    record          JSON,
    rule            VARCHAR  -- what coded it (the record's `rule`)
);

-- One row per real-world event: mentions that share `event_key` (same actors, code, modality
-- and date) are merged, with GDELT-style counts. Analyses read this table so nothing reported
-- twice counts twice; it is rebuilt for the affected keys after every write.
CREATE TABLE IF NOT EXISTS events (
    id              VARCHAR NOT NULL,     -- id of the first mention
    event_key       VARCHAR PRIMARY KEY,
    doc_id          VARCHAR NOT NULL,
    sentence_index  INTEGER,
    sentence        VARCHAR,
    source_code     VARCHAR,
    source_country  VARCHAR,
    source_sector   VARCHAR,
    source_text     VARCHAR,
    source_name     VARCHAR,
    target_code     VARCHAR,
    target_country  VARCHAR,
    target_sector   VARCHAR,
    target_text     VARCHAR,
    target_name     VARCHAR,
    cameo           VARCHAR NOT NULL,
    root            VARCHAR NOT NULL,
    quad_class      TINYINT NOT NULL,
    goldstein       DOUBLE NOT NULL,
    plover          VARCHAR,
    date            DATE,
    date_precision  VARCHAR,
    date_text       VARCHAR,
    place_name      VARCHAR,
    place_country   VARCHAR,
    place_lat       DOUBLE,
    place_lon       DOUBLE,
    negated         BOOLEAN NOT NULL,
    modality        VARCHAR NOT NULL,
    issues          VARCHAR[],
    trigger         VARCHAR,
    origin          VARCHAR DEFAULT 'text',
    record          JSON,
    n_mentions      INTEGER NOT NULL,
    n_documents     INTEGER NOT NULL,
    doc_ids         VARCHAR[],
    rule            VARCHAR
);

-- Stores made before a column existed gain it here (their rows keep NULL); nothing is lost.
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS rule VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS rule VARCHAR;
