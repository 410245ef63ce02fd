-- Sign-in attempts the console refuses without a row of their own in console_audit (org.idvbatch.console):
-- failures for a user name nobody configured, attempts made while the throttle's wait was not over, and forms
-- posted without a valid CSRF token before anyone signed in. They are
-- counted per business day, address, user and reason; the user is a configured user's name or '(unknown user)',
-- never what was typed (which may be a password typed into the wrong field). One row per day and address and reason
-- however many tries, so a flood of guesses cannot grow the table faster than the addresses it comes from.
CREATE TABLE console_sign_in_tally (
    day          date        NOT NULL,   -- the business day (Asia/Shanghai) of the attempts
    remote_addr  text        NOT NULL,
    actor        text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    channel      text        NOT NULL CHECK (channel IN ('FORM', 'HTTP_BASIC', 'OIDC')),
    reason       text        NOT NULL CHECK (reason IN ('UNKNOWN_USER', 'THROTTLED', 'NO_CSRF')),
    tries        bigint      NOT NULL CHECK (tries > 0),
    first_at     timestamptz NOT NULL,
    last_at      timestamptz NOT NULL,
    PRIMARY KEY (day, remote_addr, actor, channel, reason)
);
