package org.idvbatch.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.idvbatch.identity.IdentityHasher;
import org.idvbatch.identity.IdentityMask;

/**
 * Encodes validated rows as tuples of PostgreSQL's binary COPY format, straight into the ledger's columns
 * ({@link #COLUMNS}): text as UTF-8, timestamptz as microseconds since 2000-01-01 UTC. The server then
 * parses nothing; clear identity never leaves this class, only its mask and keyed hash.
 */
final class LedgerCopyEncoder implements RowBlockEncoder {

    /** The ledger columns the direct load writes, in tuple order; the others take their defaults. */
    static final String COLUMNS = "provider, account, product, scene, merchant_biz_id, provider_ref, provider_ref_aux,"
            + " created_at, retention_deadline, next_attempt_at, name_mask, id_number_mask, name_hmac, id_number_hmac";
    private static final short FIELDS = 14;

    /** Signature, flags (no OIDs) and an empty header extension. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds after Java's. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private final IdentityHasher hasher;
    private final LedgerRetention retention;
    private byte[] buf;
    private int size;

    LedgerCopyEncoder(IdentityHasher hasher, LedgerRetention retention, int expectedRows) {
        this.hasher = hasher;
        this.retention = retention;
        this.buf = new byte[Math.max(1024, expectedRows * 320)];
    }

    @Override
    public void write(SessionCsvRow r) {
        int16(FIELDS);
        text(r.provider().code());
        text(r.account());
        text(r.product());
        text(r.scene());
        text(r.merchantBizId());
        text(r.providerRef());
        text(r.providerRefAux());
        timestamp(r.createdAt());
        timestamp(retention.deadline(r.provider(), r.createdAt()));
        timestamp(r.createdAt());
        text(IdentityMask.name(r.name()));
        text(IdentityMask.idNumber(r.idNumber()));
        text(hasher.hash(r.name()));
        text(hasher.hash(r.idNumber()));
    }

    @Override
    public byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    static long pgMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L), t.getNano() / 1_000);
    }

    private void text(String value) {
        if (value == null) {
            int32(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int32(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void timestamp(Instant t) {
        int32(8);
        long v = pgMicros(t);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    private void int32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void int16(short v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
