package org.idvbatch.session;

import org.idvbatch.identity.IdentityMask;
import org.idvbatch.identity.IdentityHasher;
import java.nio.charset.StandardCharsets;

/** Encodes validated rows as COPY CSV for the staging table, with their line numbers; clear identity never leaves this class, only its mask and HMAC. */
final class StagingRowWriter implements RowBlockEncoder {

    private final StringBuilder text;
    private final IdentityHasher hasher;

    StagingRowWriter(IdentityHasher hasher, int expectedRows) {
        this.hasher = hasher;
        this.text = new StringBuilder(expectedRows * 256);
    }

    @Override
    public void write(SessionCsvRow r) {
        text.append(r.line());
        field(r.provider().code());
        field(r.account());
        field(r.product());
        field(r.scene());
        field(r.merchantBizId());
        field(r.providerRef());
        field(r.providerRefAux());
        field(r.createdAt().toString());
        field(IdentityMask.name(r.name()));
        field(IdentityMask.idNumber(r.idNumber()));
        field(hasher.hash(r.name()));
        field(hasher.hash(r.idNumber()));
        text.append('\n');
    }

    @Override
    public byte[] toBytes() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** CSV field: null stays unquoted-empty (NULL for COPY), everything else is quoted. */
    private void field(String value) {
        text.append(',');
        if (value != null) {
            text.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }
}
