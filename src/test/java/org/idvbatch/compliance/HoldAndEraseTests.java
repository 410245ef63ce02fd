package org.idvbatch.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.archive.ArchivedEvidence;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.EvidenceItem;
import org.idvbatch.archive.EvidencePurger;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.identity.IdentityHasher;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code hold} and {@code erase} through the real command line, with the database and the store checked after. */
@IdvIntegrationTest
class HoldAndEraseTests {

    static final String ID_NUMBER = "11010519491231002X";
    static final String OTHER_ID_NUMBER = "33010319900307100X";
    static final Instant CREATED = Instant.parse("2026-11-20T03:00:00Z");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidencePurger purger;
    @Autowired
    ObjectStore store;
    @Autowired
    IdentityHasher hasher;

    long a;
    long b;
    long other;
    Map<Long, List<ArchivedEvidence>> evidence = new HashMap<>();

    @BeforeEach
    void twoSessionsOfOnePersonAndOneOfAnother() {
        LedgerFixtures.clear(jdbc);
        a = session("order-1", ID_NUMBER);
        b = session("order-2", ID_NUMBER);
        other = session("order-3", OTHER_ID_NUMBER);
        for (long s : List.of(a, b, other)) {
            evidence.put(s, archive.archive(List.of(new EvidenceItem(s, "tencent-faceid", "FaceID",
                    EvidenceType.BEST_FRAME, 0, ("jpeg of " + s).getBytes(), CREATED))));
            jdbc.sql("""
                    INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at,
                                               billable, charge_type, result_code)
                    SELECT id, provider, account, product, scene, provider_ref || '-1', created_at, true, 'default', '0'
                      FROM verification_session WHERE id = ?""").param(s).update();
        }
    }

    @Test
    void heldSessionIsNotPurgedUntilReleasedAndBothActionsAreAudited() throws Exception {
        jdbc.sql("UPDATE evidence_archive SET retain_until = now() - interval '1 day'").update();

        Run hold = cli("hold", "--merchant-biz-id", "order-1", "--reason", "dispute D-17", "--by", "alice");

        assertThat(hold.exit()).as(hold.err()).isZero();
        assertThat(hold.out()).contains("legal hold on 1 session: [" + a + "]");
        assertThat(purger.purgeAllDue("test")).as("the two not held").isEqualTo(2);
        assertThat(live(a)).isEqualTo(1);
        assertThat(store.open(evidence.get(a).get(0).objectKey()).readAllBytes()).isNotEmpty();
        Run status = cli("status");
        assertThat(status.out()).contains("Legal holds: 1").contains("session " + a).contains("by alice: dispute D-17");

        Run again = cli("hold", "--session", String.valueOf(a), "--reason", "same dispute", "--by", "bob");
        assertThat(again.out()).contains("held already: [" + a + "]");
        Run release = cli("hold", "--release", "--session", String.valueOf(a), "--reason", "settled", "--by", "carol");

        assertThat(release.exit()).as(release.err()).isZero();
        assertThat(purger.purgeAllDue("test")).isEqualTo(1);
        assertThat(live(a)).isZero();
        assertThat(jdbc.sql("SELECT action || ' ' || actor || ' ' || reason || ' ' || coalesce(subject, '')"
                + " FROM operator_action WHERE session_id = ? ORDER BY id").param(a).query(String.class).list())
                .containsExactly("HOLD alice dispute D-17 merchant_biz_id=order-1", "HOLD_RELEASE carol settled session");
    }

    @Test
    void holdOfAnUnknownSessionAndReleaseOfOneNotHeldAreRefusedAndChangeNothing() {
        Run unknown = cli("hold", "--session", String.valueOf(a), "--session", "999999", "--reason", "r", "--by", "x");
        Run notHeld = cli("hold", "--release", "--session", String.valueOf(b), "--reason", "r", "--by", "x");
        Run noOrder = cli("hold", "--merchant-biz-id", "no-such-order", "--reason", "r", "--by", "x");
        Run noReason = cli("hold", "--session", String.valueOf(a), "--reason", " ", "--by", "x");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--session: not in the ledger: [999999]");
        assertThat(notHeld.exit()).isEqualTo(2);
        assertThat(notHeld.err()).contains("no legal hold on session [" + b + "]");
        assertThat(noOrder.exit()).isEqualTo(2);
        assertThat(noOrder.err()).contains("no session in the ledger for [no-such-order]");
        assertThat(noReason.exit()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM legal_hold").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM operator_action").query(Long.class).single()).isZero();
    }

    @Test
    void erasureByIdNumberShredsThePersonsEvidenceBlanksTheLedgerKeepsBillingAndNeverShowsTheNumber()
            throws Exception {
        Path file = Files.writeString(Files.createTempFile("erase-", ".txt"), "\n" + ID_NUMBER.toLowerCase() + "\n");

        Run erase = cli("erase", "--id-number-file", file.toString(), "--reason", "request R-2026-88", "--by", "dpo");

        assertThat(erase.exit()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("1 ID number looked up by keyed hash")
                .contains("erased 2 sessions: [" + a + ", " + b + "]").contains("2 evidence objects crypto-shredded")
                .contains("tencent-faceid: 2 sessions, provider copy: no deletion API");
        for (long s : List.of(a, b)) {
            assertThat(jdbc.sql("""
                    SELECT concat_ws(',', name_mask, id_number_mask, name_hmac, id_number_hmac) || '|'
                           || (erased_at IS NOT NULL) || '|' || evidence_status FROM verification_session WHERE id = ?""")
                    .param(s).query(String.class).single()).isEqualTo("|true|PURGED");
            assertThat(live(s)).isZero();
            String key = evidence.get(s).get(0).objectKey();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.open(key))
                    .isInstanceOf(NoSuchFileException.class);
        }
        assertThat(live(other)).as("another person's evidence untouched").isEqualTo(1);
        assertThat(jdbc.sql("SELECT id_number_hmac FROM verification_session WHERE id = ?").param(other)
                .query(String.class).single()).isEqualTo(hasher.hash(OTHER_ID_NUMBER));
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call").query(Long.class).single()).as("billing stays")
                .isEqualTo(3);
        assertThat(jdbc.sql("SELECT action, count(*) FROM evidence_audit WHERE action = 'ERASE' GROUP BY 1")
                .query((rs, i) -> rs.getLong(2)).single()).isEqualTo(2);
        String audit = String.join("\n", jdbc.sql("""
                SELECT concat_ws('|', action, actor, subject, reason) FROM operator_action ORDER BY id""")
                .query(String.class).list());
        assertThat(audit).contains("ERASE|dpo|id-number-file (1 ID number, matched by keyed hash)|request R-2026-88");
        for (String text : List.of(audit, erase.out(), erase.err())) {
            assertThat(text.toUpperCase()).doesNotContain(ID_NUMBER).doesNotContain(hasher.hash(ID_NUMBER));
        }
    }

    @Test
    void erasureTouchingAHeldSessionIsRefusedNamingItAndErasesNothing() {
        cli("hold", "--session", String.valueOf(b), "--reason", "police request P-5", "--by", "alice");

        Run erase = cli("erase", "--merchant-biz-id", "order-1", "--merchant-biz-id", "order-2", "--reason", "R-1",
                "--by", "dpo");

        assertThat(erase.exit()).isEqualTo(2);
        assertThat(erase.err()).contains("refused, nothing erased: 1 of the 2 sessions is under legal hold: session "
                + b).contains("by alice: police request P-5");
        assertThat(live(a)).isEqualTo(1);
        assertThat(live(b)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE erased_at IS NOT NULL OR id_number_hmac"
                + " IS NULL").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM operator_action WHERE action = 'ERASE'").query(Long.class).single())
                .isZero();
    }

    @Test
    void openSessionCanBeErasedAndLeavesTheDueSet() {
        long open = session("order-9", ID_NUMBER);
        jdbc.sql("UPDATE verification_session SET next_attempt_at = now() - interval '1 minute' WHERE id = ?")
                .param(open).update();

        Run erase = cli("erase", "--session", String.valueOf(open), "--reason", "R-3", "--by", "dpo", "--json");

        assertThat(erase.exit()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("\"erased\":[" + open + "]");
        assertThat(jdbc.sql("""
                SELECT count(*) FROM verification_session WHERE state IN ('PENDING', 'PROCESSING')
                   AND next_attempt_at <= now() AND erased_at IS NULL AND id = ?""").param(open).query(Long.class)
                .single()).as("the harvest's due readers (DueSessionReader, DuePartitioner) skip erased sessions")
                .isZero();
    }

    @Test
    void idNumberFileLineThatIsNotOneNumberIsRefusedWithoutRepeatingIt() throws Exception {
        Path file = Files.writeString(Files.createTempFile("erase-", ".txt"), ID_NUMBER + "\n张三 " + OTHER_ID_NUMBER);

        Run erase = cli("erase", "--id-number-file", file.toString(), "--reason", "R", "--by", "dpo");

        assertThat(erase.exit()).isEqualTo(2);
        assertThat(erase.err()).contains("line 2: not one ID number").doesNotContain(OTHER_ID_NUMBER)
                .doesNotContain("张三");
        assertThat(live(a)).isEqualTo(1);
    }

    @Test
    void monthlyComplianceSheetListsProviderCopiesErasuresHoldsAndRetention() throws Exception {
        cli("hold", "--session", String.valueOf(a), "--reason", "dispute D-9", "--by", "alice");
        cli("erase", "--session", String.valueOf(b), "--reason", "request R-5", "--by", "dpo");
        jdbc.sql("UPDATE verification_session SET harvested_at = now() WHERE id = ?").param(other).update();
        jdbc.sql("""
                INSERT INTO provider_deletion (session_id, provider, account, action, cause, requested_at, request_id,
                                               outcome, fail_reason, actor)
                VALUES (?, 'aliyun-cloudauth', 'default', 'DeleteFaceVerifyResult', 'AFTER_ARCHIVE', now(), 'RQ-1',
                        'REFUSED', 'NEED_QUERY_VERIFY_RESULT', 'nightly')""").param(other).update();
        jdbc.sql("UPDATE verification_session SET harvested_at = now() WHERE id = ?").param(a).update();

        // the month to date up to today in Shanghai: today's receipts are in it at any hour (between 16:00 and 24:00
        // UTC the UTC date is a day behind, and the sheet would stop before them)
        java.time.LocalDate today = org.idvbatch.time.BusinessDay.today(java.time.Clock.systemUTC()).date();
        java.nio.file.Path file = writer.write(java.time.YearMonth.from(today),
                new org.idvbatch.report.RunInfo(today, null, Instant.now(), "test"));

        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(Files.newInputStream(file))) {
            var fmt = new org.apache.poi.ss.usermodel.DataFormatter();
            List<String> rows = new java.util.ArrayList<>();
            for (var row : wb.getSheet("合规")) {
                List<String> cells = new java.util.ArrayList<>();
                row.forEach(c -> cells.add(fmt.formatCellValue(c)));
                rows.add(String.join("|", cells));
            }
            assertThat(rows).contains("aliyun-cloudauth|REFUSED|1|1", "tencent-faceid|NOT_DELETED|1|0");
            assertThat(rows).anySatisfy(r -> assertThat(r).contains("|dpo|request R-5|session|1"));
            assertThat(rows).anySatisfy(r -> assertThat(r).contains("|alice|dispute D-9|" + a + "|tencent-faceid"));
            assertThat(rows).contains("tencent-faceid|*|服务商|3 days|", "aliyun-idv|*|服务商|30 days|");
            assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("tencent-faceid|FaceID|归档|3 years|"));
            assertThat(String.join("\n", rows).toUpperCase()).doesNotContain(ID_NUMBER);
        }
    }

    @Autowired
    org.idvbatch.report.MonthlyReportWriter writer;

    private long session(String order, String idNumber) {
        return jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  name_mask, id_number_mask, name_hmac, id_number_hmac)
                VALUES ('tencent-faceid', 'FaceID', '1', :order, 'ref-' || :order, :at, '张*', '1101**********002X',
                        :nameHash, :idHash) RETURNING id""")
                .param("order", order).param("at", java.sql.Timestamp.from(CREATED))
                .param("nameHash", hasher.hash("张三")).param("idHash", hasher.hash(idNumber))
                .query(Long.class).single();
    }

    private long live(long session) {
        return jdbc.sql("SELECT count(*) FROM evidence_archive WHERE session_id = ? AND wrapped_key IS NOT NULL")
                .param(session).query(Long.class).single();
    }

    record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(
                ((HikariDataSource) dataSource).getJdbcUrl(), "IDV_DATA_DIR", "target/test-data"), out, err, args);
        return new Run(code, out.toString(), err.toString());
    }
}
