package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@ArchiveIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataProtectionTests {

    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @Autowired
    EvidenceArchive archive;
    @Autowired
    ArchiveVerifier verifier;
    @Autowired
    EvidencePurger purger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    final List<byte[]> plaintexts = new ArrayList<>();
    long current;
    long expired;

    @BeforeEach
    void archiveEvidenceOfEveryType() {
        EvidenceFixtures.reset(jdbc);
        Instant now = Instant.now();
        Instant longAgo = now.minus(1200, ChronoUnit.DAYS);
        current = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", now);
        expired = EvidenceFixtures.session(jdbc, "aliyun-idv", "IdVerification", longAgo.minus(800, ChronoUnit.DAYS));
        List<EvidenceItem> items = new ArrayList<>();
        for (EvidenceType type : EvidenceType.values()) {
            byte[] content = EvidenceFixtures.contentFor(type, type.ordinal());
            plaintexts.add(content);
            items.add(new EvidenceItem(current, "tencent-faceid", "FaceID", type, 0, content, now));
        }
        items.add(new EvidenceItem(expired, "aliyun-idv", "IdVerification", EvidenceType.FACE_IMAGE, 0,
                EvidenceFixtures.jpeg(99), longAgo.minus(800, ChronoUnit.DAYS)));
        archive.archive(items);
    }

    @Test
    void noImageBytesNamesOrIdNumbersReachTheLogsEvenAtTraceLevel(CapturedOutput output) {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("org.idvbatch", LogLevel.TRACE);
        logging.setLogLevel("org.springframework.jdbc", LogLevel.TRACE);
        try {
            archive.archive(List.of(new EvidenceItem(current, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, 1,
                    plaintexts.get(0), Instant.now())));
            verifier.verify(null);
            ArchiveCli.Run export = ArchiveCli.run(dataSource, "archive-export", "--session", "" + current, "--out",
                    "target/test-export/" + System.nanoTime(), "--reason", "dispute ticket 4711", "--by", "investigator-a");
            assertThat(export.exitCode()).as(export.err()).isZero();
            purger.purgeAllDue("test");
        } finally {
            logging.setLogLevel("org.idvbatch", LogLevel.INFO);
            logging.setLogLevel("org.springframework.jdbc", null);
        }

        String logs = output.getAll();
        assertThat(logs).contains("Archived 1 evidence objects").contains("Exported 9 evidence objects")
                .contains("Purged 1 evidence objects");
        assertThat(logs).doesNotContain(EvidenceFixtures.ID_NUMBER).doesNotContain(EvidenceFixtures.NAME);
        for (byte[] content : plaintexts) {
            assertThat(logs)
                    .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOfRange(content, 0, 48)))
                    .doesNotContain(HexFormat.of().formatHex(Arrays.copyOfRange(content, 0, 24)))
                    .doesNotContain(Arrays.toString(Arrays.copyOfRange(content, 0, 12)).replace("[", "").replace("]", ""));
        }
    }

    @Test
    void noFileUnderTheArchiveRootHoldsAJpegSignatureANameOrAnIdNumber() throws IOException {
        byte[] id = EvidenceFixtures.ID_NUMBER.getBytes(StandardCharsets.US_ASCII);
        byte[] name = EvidenceFixtures.NAME.getBytes(StandardCharsets.UTF_8);
        assertThat(plaintexts).as("the fixtures do carry what the scan looks for")
                .allSatisfy(p -> assertThat(indexOf(p, id)).isNotNegative());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(EvidenceFixtures.ROOT)) {
            files = walk.filter(Files::isRegularFile).toList();
        }

        assertThat(files).hasSize(plaintexts.size() + 1);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(startsWith(bytes, JPEG_SIGNATURE)).as(file + " starts like a JPEG").isFalse();
            assertThat(indexOf(bytes, id)).as(file + " holds the ID number").isNegative();
            assertThat(indexOf(bytes, name)).as(file + " holds the name").isNegative();
            assertThat(indexOf(bytes, "JFIF".getBytes(StandardCharsets.US_ASCII))).as(file + " JFIF").isNegative();
            for (byte[] p : plaintexts) {
                // SOI + the first segments: a 3-byte FF D8 FF alone also occurs by chance in 1.5 MB of ciphertext
                assertThat(indexOf(bytes, Arrays.copyOf(p, 16))).as(file + " holds a plaintext header").isNegative();
            }
        }
    }

    @Test
    void exportIsAuditedWithWhoAndWhyAndWritesTheOriginalBytes() throws IOException {
        Path out = Path.of("target/test-export/" + System.nanoTime());

        ArchiveCli.Run run = ArchiveCli.run(dataSource, "archive-export", "--session", "" + current, "--out",
                out.toString(), "--reason", "chargeback case 2026-118", "--by", "investigator-b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(out.resolve("face_image-0.jpg"))).isEqualTo(plaintexts.get(0));
        assertThat(Files.readAllBytes(out.resolve("liveness_video-0.mp4")))
                .isEqualTo(plaintexts.get(EvidenceType.LIVENESS_VIDEO.ordinal()));
        try (Stream<Path> listed = Files.list(out)) {
            assertThat(listed.count()).isEqualTo(EvidenceType.values().length);
        }
        Map<String, Object> audit = jdbc.sql("SELECT action, session_id, object_count, actor, reason, at"
                + " FROM evidence_audit WHERE action = 'EXPORT'").query().singleRow();
        assertThat(audit).containsEntry("session_id", current).containsEntry("actor", "investigator-b")
                .containsEntry("reason", "chargeback case 2026-118").containsEntry("object_count", 8);
        assertThat(audit.get("at")).isNotNull();
    }

    @Test
    void exportOfASessionWithoutEvidenceIsRejectedWithExitCodeTwoAndNoAuditRow() {
        ArchiveCli.Run run = ArchiveCli.run(dataSource, "archive-export", "--session", "999999", "--out",
                "target/test-export/none", "--reason", "curious", "--by", "someone");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("session 999999 has no archived evidence");
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_audit").query(Long.class).single()).isZero();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
