package org.idvbatch.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/** Writes validated rows as CSV into a COPY stream, in 64 KB blocks; clear identity never leaves this class. */
final class StagingRowWriter implements AutoCloseable {

    private static final int BLOCK = 1 << 16;

    private final CopyIn copy;
    private final StringBuilder line = new StringBuilder(256);
    private final ByteArrayOutputStream block = new ByteArrayOutputStream(BLOCK + 1024);

    StagingRowWriter(CopyIn copy) {
        this.copy = copy;
    }

    void write(SessionCsvRow r, IdentityHasher hasher) throws SQLException {
        line.setLength(0);
        line.append(r.line());
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
        line.append('\n');
        block.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        if (block.size() >= BLOCK) {
            flush();
        }
    }

    void finish() throws SQLException {
        flush();
        copy.endCopy();
    }

    private void flush() throws SQLException {
        if (block.size() > 0) {
            copy.writeToCopy(block.toByteArray(), 0, block.size());
            block.reset();
        }
    }

    /** CSV field: null stays unquoted-empty (NULL for COPY), everything else is quoted. */
    private void field(String value) {
        line.append(',');
        if (value != null) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }

    @Override
    public void close() {
        block.reset();
    }
}
