package org.idvbatch.session;

import org.idvbatch.progress.ProgressListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.RejectedInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@IdvIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SessionImporterTests {

    static final String HEADER = "provider,account,product,scene,merchant_biz_id,provider_ref,provider_ref_aux,"
            + "created_at,name,id_number";
    static final String GOOD_1 = "tencent-faceid,default,FaceID,rule-1,order-1,token-1,,2026-11-24T01:00:00Z,"
            + "张三,33010319900307100X";
    static final String GOOD_2 = "aliyun-cloudauth,acct-2,FaceVerify,1000001,order-2,certify-2,,"
            + "2026-11-24 09:30:00,李四四,";
    static final String GOOD_3 = "aliyun-saf,default,face_verify,scene-9,order-3,query-3,ZSTP2018013076546767654695203625,"
            + "2026-11-24T10:00:00+08:00,,";

    @Autowired
    SessionImporter importer;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void importsValidFileWithMasksAndHashesOnly() throws IOException {
        ImportResult r = importer.importFile(csv(HEADER, GOOD_1, GOOD_2, GOOD_3), ProgressListener.NONE);
        assertThat(r).isEqualTo(new ImportResult(3, 3, 0));
        var row = jdbc.sql("SELECT name_mask, id_number_mask, id_number_hmac, created_at, retention_deadline - created_at"
                + " AS retention FROM verification_session WHERE provider_ref = 'token-1'").query().singleRow();
        assertThat(row.get("name_mask")).isEqualTo("张*");
        assertThat(row.get("id_number_mask")).isEqualTo("330103********100X");
        assertThat((String) row.get("id_number_hmac")).hasSize(64);
        assertThat(row.get("retention").toString()).isEqualTo("3 days");
        String local = jdbc.sql("SELECT created_at AT TIME ZONE 'UTC' FROM verification_session WHERE provider_ref"
                + " = 'certify-2'").query(String.class).single();
        assertThat(local).startsWith("2026-11-24 01:30:00"); // local times are Asia/Shanghai
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session v WHERE v::text LIKE '%33010319900307100X%'"
                + " OR v::text LIKE '%张三%'").query(Long.class).single()).isZero();
    }

    @Test
    void importingTheSameFileAgainInsertsNothing() throws IOException {
        Path file = csv(HEADER, GOOD_1, GOOD_2, GOOD_3);
        importer.importFile(file, ProgressListener.NONE);
        ImportResult again = importer.importFile(file, ProgressListener.NONE);
        assertThat(again).isEqualTo(new ImportResult(3, 0, 3));
        assertThat(count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown provider   | wechat-face,default,FaceID,r,o,t9,,2026-11-24T01:00:00Z,, | line 3, column 1 (provider): unknown provider 'wechat-face'
            product of other   | tencent-faceid,default,FaceVerify,r,o,t9,,2026-11-24T01:00:00Z,, | line 3, column 3 (product): product 'FaceVerify' is not offered by tencent-faceid
            empty reference    | tencent-faceid,default,FaceID,r,o,,,2026-11-24T01:00:00Z,, | line 3, column 6 (provider_ref): is empty but required
            empty scene        | tencent-faceid,default,FaceID,,o,t9,,2026-11-24T01:00:00Z,, | line 3, column 4 (scene): is empty but required
            bad timestamp      | tencent-faceid,default,FaceID,r,o,t9,,24/11/2026 01:00,, | line 3, column 8 (created_at): '24/11/2026 01:00' is not a timestamp
            future timestamp   | tencent-faceid,default,FaceID,r,o,t9,,2099-01-01T00:00:00Z,, | line 3, column 8 (created_at): lies in the future
            bad ID checksum    | tencent-faceid,default,FaceID,r,o,t9,,2026-11-24T01:00:00Z,王五,330103201801010101 | line 3, column 10 (id_number): not a valid PRC ID number: check character does not match
            bad ID birth date  | tencent-faceid,default,FaceID,r,o,t9,,2026-11-24T01:00:00Z,王五,330103201813010106 | line 3, column 10 (id_number): not a valid PRC ID number: birth date
            short ID number    | tencent-faceid,default,FaceID,r,o,t9,,2026-11-24T01:00:00Z,王五,3301032018 | line 3, column 10 (id_number): not a valid PRC ID number: must have 18 characters
            missing fields     | tencent-faceid,default,FaceID,r,o,t9 | line 3: has 6 fields, the header has 10
            duplicate in file  | tencent-faceid,default,FaceID,rule-1,order-1,token-1,,2026-11-24T01:00:00Z,, | line 3 (provider_ref): appears twice in the file
            """)
    void badRowRejectsWholeFileNamingLineAndColumn(String kind, String badRow, String expected) throws IOException {
        Path file = csv(HEADER, GOOD_1, badRow, GOOD_2);
        assertThatThrownBy(() -> importer.importFile(file, ProgressListener.NONE))
                .isInstanceOf(RejectedInputException.class).hasMessageStartingWith(expected);
        assertThat(count()).as("nothing inserted").isZero();
    }

    @Test
    void rowConflictingWithLedgerRejectsFileAndKeepsLedgerAsItWas() throws IOException {
        importer.importFile(csv(HEADER, GOOD_1), ProgressListener.NONE);
        String changed = GOOD_1.replace("order-1", "order-changed");
        assertThatThrownBy(() -> importer.importFile(csv(HEADER, GOOD_2, changed), ProgressListener.NONE))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("line 3 (merchant_biz_id): the session (provider, provider_ref) is already in"
                        + " the ledger with another merchant_biz_id");
        assertThat(jdbc.sql("SELECT provider_ref FROM verification_session").query(String.class).list())
                .containsExactly("token-1");
    }

    @Test
    void aRowWithAnotherIdentityOrSafBizIdThanTheLedgerIsAContradictionNotADuplicate() throws IOException {
        importer.importFile(csv(HEADER, GOOD_1, GOOD_3), ProgressListener.NONE);
        String otherId = GOOD_1.replace("33010319900307100X", "11010519491231002X");
        String otherName = GOOD_1.replace("张三", "张四");
        String otherBizId = GOOD_3.replace("ZSTP2018013076546767654695203625", "ZSTP2018013076546767654695209999");

        assertThatThrownBy(() -> importer.importFile(csv(HEADER, otherId), ProgressListener.NONE)).hasMessage(
                "line 2 (id_number): the session (provider, provider_ref) is already in the ledger with another"
                        + " id_number (compared by its keyed hash; was the file made with another identity key?)");
        assertThatThrownBy(() -> importer.importFile(csv(HEADER, otherName), ProgressListener.NONE))
                .hasMessageStartingWith("line 2 (name): the session");
        assertThatThrownBy(() -> importer.importFile(csv(HEADER, otherBizId), ProgressListener.NONE))
                .hasMessageStartingWith("line 2 (provider_ref_aux): the session");
        assertThat(importer.importFile(csv(HEADER, GOOD_1, GOOD_3), ProgressListener.NONE).inserted())
                .as("the same rows again are duplicates, skipped").isZero();
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aSafRowWithoutItsBizIdIsRejected() throws IOException {
        String noBizId = GOOD_3.replace("ZSTP2018013076546767654695203625", "");

        assertThatThrownBy(() -> importer.importFile(csv(HEADER, noBizId), ProgressListener.NONE)).hasMessageStartingWith(
                "line 2, column 7 (provider_ref_aux): is empty, but an aliyun-saf session needs its bizId here");
        assertThat(count()).isZero();
    }

    @Test
    void firstBadRowOfALargeFileIsReportedThoughRowsAreValidatedInParallelBatches() throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of(HEADER));
        for (int i = 0; i < 5 * ValidatingCopyPipeline.BATCH_ROWS; i++) {
            lines.add("tencent-faceid,default,FaceID,rule-1,order-" + i + ",token-" + i + ",,2026-11-24T01:00:00Z,,");
        }
        // the first bad row sits in the fourth batch, a later one in the second-to-last: the fourth must win
        int first = 3 * ValidatingCopyPipeline.BATCH_ROWS + 17;
        lines.set(first, lines.get(first).replace("tencent-faceid", "tencent-face"));
        lines.set(first + ValidatingCopyPipeline.BATCH_ROWS, lines.get(first + ValidatingCopyPipeline.BATCH_ROWS).replace("FaceID", "Nope"));
        Path file = dir.resolve("large.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importer.importFile(file, ProgressListener.NONE))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("line " + (first + 1) + ", column 1 (provider): unknown provider");
        assertThat(count()).as("nothing inserted").isZero();
    }

    @Test
    void headerWithoutRequiredColumnIsRejected() throws IOException {
        Path file = csv("provider,product,scene,merchant_biz_id,created_at", "tencent-faceid,FaceID,r,o,2026-11-24T01:00:00Z");
        assertThatThrownBy(() -> importer.importFile(file, ProgressListener.NONE))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("line 1: header lacks column 'provider_ref'");
    }

    @Test
    void fileNotInUtf8IsRejected() throws IOException {
        Path file = dir.resolve("gbk.csv");
        Files.write(file, List.of(HEADER, GOOD_1), Charset.forName("GBK"));
        assertThatThrownBy(() -> importer.importFile(file, ProgressListener.NONE))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("not UTF-8");
        assertThat(count()).isZero();
    }

    @Test
    void byteOrderMarkIsTolerated() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.writeString(file, "\uFEFF" + HEADER + "\n" + GOOD_1 + "\n", StandardCharsets.UTF_8);
        assertThat(importer.importFile(file, ProgressListener.NONE).inserted()).isEqualTo(1);
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM verification_session").query(Long.class).single();
    }

    @Test
    void aRejectionNeverQuotesTheIdNumberOrNameThatAShiftedColumnPutsInAnyField() throws IOException {
        String id = "11010519491231002X";
        String name = "欧阳娜娜";
        String[] good = GOOD_1.split(",", -1);
        int rejections = 0;
        for (int column = 0; column < good.length; column++) {
            for (String personal : List.of(id, name, name + " " + id)) {
                String[] row = good.clone();
                row[column] = personal;
                LedgerFixtures.clear(jdbc);
                try {
                    importer.importFile(csv(HEADER, String.join(",", row)), ProgressListener.NONE);
                } catch (RejectedInputException e) {
                    rejections++;
                    assertThat(e.getMessage()).as("column %d holding %s", column + 1, personal)
                            .doesNotContain(id).doesNotContain("0519491231").doesNotContain(name)
                            .doesNotContain("阳娜娜").contains("line 2, column " + (column + 1));
                }
            }
        }
        assertThat(rejections).as("provider, product, created_at and id_number refuse such values").isGreaterThan(6);
    }

    @Test
    void theSmallerFaultsOfAFileAreEachNamed() throws IOException {
        assertThatThrownBy(() -> importer.importFile(csv(HEADER + ",scene", GOOD_1 + ",x"), ProgressListener.NONE))
                .hasMessage("line 1, column 11: column 'scene' appears twice (also column 4)");
        assertThatThrownBy(() -> importer.importFile(csv(HEADER,
                GOOD_1.replace("2026-11-24T01:00:00Z", java.time.Instant.now().plusSeconds(600).toString())),
                ProgressListener.NONE)).hasMessageContaining("lies in the future").hasMessageContaining(
                "at most 2 minutes of clock skew are allowed");
        String bornIn2099 = org.idvbatch.identity.ChineseIdNumber.withCheckCharacter("33010320990307100");
        assertThatThrownBy(() -> importer.importFile(csv(HEADER, GOOD_1.replace("33010319900307100X", bornIn2099)),
                ProgressListener.NONE)).hasMessage("line 2, column 10 (id_number): not a valid PRC ID number: birth date"
                + " (characters 7-14) is not a living person's (before 1890-01-01 or in the future)");
        String noRegion = org.idvbatch.identity.ChineseIdNumber.withCheckCharacter("00000019900307100");
        assertThatThrownBy(() -> importer.importFile(csv(HEADER, GOOD_1.replace("33010319900307100X", noRegion)),
                ProgressListener.NONE)).hasMessage("line 2, column 10 (id_number): not a valid PRC ID number: region"
                + " (characters 1-6) is not an administrative division code");
        Path latin1 = csv(HEADER);
        java.nio.file.Files.write(latin1, (GOOD_1.replace("张三", "Jos\u00e9") + "\n").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> importer.importFile(latin1, ProgressListener.NONE)).hasMessageContaining(": line 2 is not UTF-8 text");
        assertThatThrownBy(() -> importer.importFile(dir, ProgressListener.NONE)).isInstanceOf(RejectedInputException.class)
                .hasMessageEndingWith(": is a directory, not a CSV file");
        assertThat(count()).isZero();
    }

    @Test
    void aFileOfNewSessionsGoesStraightIntoTheLedgerWithTheDeadlineTheDatabaseWouldCompute(CapturedOutput log)
            throws IOException {
        assertThat(importer.importFile(csv(HEADER, GOOD_1, GOOD_2, GOOD_3), ProgressListener.NONE))
                .isEqualTo(new ImportResult(3, 3, 0));
        assertThat(log.getAll()).contains("3 new rows validated and copied into the ledger")
                .doesNotContain("reading it again");

        assertThat(jdbc.sql("""
                SELECT count(*) FROM verification_session v JOIN provider_retention_policy p USING (provider)
                 WHERE v.retention_deadline = v.created_at + p.retention AND v.next_attempt_at = v.created_at
                   AND v.state = 'PENDING' AND v.attempts = 0 AND v.evidence_status = 'NONE' AND v.origin = 'merchant'
                """).query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT provider_ref_aux FROM verification_session WHERE provider = 'aliyun-saf'")
                .query(String.class).single()).isEqualTo("ZSTP2018013076546767654695203625");
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE provider_ref = 'certify-2'"
                + " AND id_number_mask IS NULL AND id_number_hmac IS NULL AND name_mask = '李**'").query(Long.class)
                .single()).as("an absent field is NULL, not an empty text").isEqualTo(1);
    }

    @Test
    void aFileWithOnlyItsHeaderImportsNothingAndSucceeds() throws IOException {
        assertThat(importer.importFile(csv(HEADER), ProgressListener.NONE)).isEqualTo(new ImportResult(0, 0, 0));
        assertThat(count()).isZero();
    }

    @Test
    void aFileOverlappingTheLedgerInsertsOnlyItsNewSessions(CapturedOutput log) throws IOException {
        importer.importFile(csv(HEADER, GOOD_2), ProgressListener.NONE);

        assertThat(importer.importFile(csv(HEADER, GOOD_1, GOOD_2, GOOD_3), ProgressListener.NONE))
                .isEqualTo(new ImportResult(3, 2, 1));
        assertThat(log.getAll()).contains("some of its sessions are in the ledger already or twice in the file;"
                + " reading it again");
        assertThat(jdbc.sql("SELECT provider_ref FROM verification_session ORDER BY provider_ref").query(String.class)
                .list()).containsExactly("certify-2", "query-3", "token-1");
    }

    @Test
    void theDirectLoadAndTheStagedMergeWriteTheSameRows() throws IOException {
        String columns = "provider, account, product, scene, merchant_biz_id, provider_ref, provider_ref_aux,"
                + " created_at, retention_deadline, next_attempt_at, state, attempts, evidence_status, origin,"
                + " name_mask, id_number_mask, name_hmac, id_number_hmac";
        importer.importFile(csv(HEADER, GOOD_1, GOOD_3), ProgressListener.NONE); // direct: all new
        var direct = jdbc.sql("SELECT " + columns + " FROM verification_session ORDER BY provider_ref").query().listOfRows();
        LedgerFixtures.clear(jdbc);
        importer.importFile(csv(HEADER, GOOD_2), ProgressListener.NONE);
        importer.importFile(csv(HEADER, GOOD_2, GOOD_1, GOOD_3), ProgressListener.NONE); // staged: GOOD_2 is there

        assertThat(jdbc.sql("SELECT " + columns + " FROM verification_session WHERE provider_ref <> 'certify-2'"
                + " ORDER BY provider_ref").query().listOfRows()).isEqualTo(direct);
    }

    private Path csv(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "sessions", ".csv");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
