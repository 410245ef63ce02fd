package org.idvbatch.session;

/** Encodes a block of validated rows for one COPY stream; clear identity goes no further than an encoder. */
interface RowBlockEncoder {

    void write(SessionCsvRow row);

    byte[] toBytes();
}
