package org.idvbatch.archive;

import java.util.List;

/**
 * What {@code archive-verify} found. Messages name rows and object keys only.
 *
 * @param checked objects re-read and decrypted
 * @param missing rows whose object is not in the store
 * @param corrupt rows whose object is altered, swapped or has the wrong key
 * @param extra   objects in the store that no live row names
 */
public record VerificationReport(int checked, List<String> missing, List<String> corrupt, List<String> extra) {

    public boolean clean() {
        return missing.isEmpty() && corrupt.isEmpty() && extra.isEmpty();
    }
}
