-- The providers' monthly bills (#16): what finance pays, read from their billing APIs for the month close. A bill
-- fetched again with the same content is the same version; a changed one is a new version.
CREATE TABLE provider_invoice (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider           text    NOT NULL,
    account            text    NOT NULL,
    month              date    NOT NULL CHECK (extract(day FROM month) = 1),
    version            integer NOT NULL CHECK (version >= 1),
    source             text    NOT NULL,          -- e.g. api:DescribeBillDetail
    sha256             text    NOT NULL,
    by_deduction_day   boolean NOT NULL,          -- holds the previous month's last day, not its own
    fetched_at         timestamptz NOT NULL,
    CONSTRAINT provider_invoice_version_key UNIQUE (provider, account, month, version),
    CONSTRAINT provider_invoice_content_key UNIQUE (provider, account, month, sha256)
);

CREATE TABLE provider_invoice_line (
    invoice_id bigint  NOT NULL REFERENCES provider_invoice (id),
    line_no    integer NOT NULL,
    bill_id    text    NOT NULL,
    usage_date date    NOT NULL,
    pay_date   date    NOT NULL,
    item       text    NOT NULL,
    calls      bigint  NOT NULL CHECK (calls >= 0),
    unit_price numeric(20, 8),
    cost       numeric(20, 8) NOT NULL,           -- at the provider's precision (Tencent: 8 decimals)
    payable    numeric(14, 2) NOT NULL,           -- deducted, to the fen
    PRIMARY KEY (invoice_id, line_no)
);
