-- Which key the stored data was made with. A key file that went missing and was replaced, or a copy from
-- another installation, would make every stored hash incomparable without a word; the fingerprint (an HMAC of
-- a fixed text under the key, never the key) lets each start refuse a key that is not the data's.
CREATE TABLE key_fingerprint (
    purpose      text PRIMARY KEY,
    fingerprint  text        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
