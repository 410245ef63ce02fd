package org.idvbatch.report;

import java.util.List;

/**
 * The archive check of the run being reported: objects re-read and decrypted, and one message per missing
 * or corrupt object (messages name rows and object keys only, never personal data).
 *
 * @param checked null when the run did not check the archive (a report made outside nightly)
 */
record ArchiveCheck(Integer checked, List<String> findings) {

    public static final ArchiveCheck NOT_RUN = new ArchiveCheck(null, List.of());

    public ArchiveCheck {
        findings = List.copyOf(findings);
    }
}
