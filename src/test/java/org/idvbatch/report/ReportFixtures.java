package org.idvbatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.EvidenceItem;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.reconcile.Ledger;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.StatementFiles;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One business day written straight into the ledger, statements imported and reconciled through the
 * reconcile package, evidence archived through the archive API: every kind of figure a workbook shows.
 */
final class ReportFixtures {

    static final LocalDate DAY = LocalDate.of(2026, 10, 5);
    static final String CLEAR_ID = "11010519491231002X";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private ReportFixtures() {
    }

    static void writeDay(JdbcClient jdbc, StatementFileImporter statements, Reconciler reconciler, EvidenceArchive archive,
                         Path dir) throws IOException {
        ReconcileTables.clear(jdbc);
        Ledger tencent = new Ledger(jdbc, "tencent-faceid", "default", "FaceID");
        Ledger aliyun = new Ledger(jdbc, "aliyun-cloudauth", "default", "FaceVerify");
        tencent.billable(10, "rule-1", "核身", "2026-10-05 10:00:00");
        tencent.calls(3, "rule-1", "核身", "2026-10-05 11:00:00", "FAILED", 0, 1);
        aliyun.billable(7, "1000001", "default", "2026-10-05 09:00:00");
        jdbc.sql("""
                UPDATE verification_session SET name_mask = '张*', id_number_mask = '110105********002X',
                       harvested_at = created_at + interval '2 minutes'""").update();
        // a merchant that put the customer's ID number into its own order number
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state, name_mask, id_number_mask)
                VALUES ('aliyun-cloudauth', 'FaceVerify', '1000001', 'order-' || :id, 'cert-' || :id || '-1',
                        '2026-10-05 12:00:00+08', 'ERROR', '张*', '110105********002X')""")
                .param("id", CLEAR_ID).update();
        // created three days before: its 3-day Tencent retention ended on the reported day, never harvested
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state)
                VALUES ('tencent-faceid', 'FaceID', 'rule-1', 'order-expired', 'token-expired',
                        '2026-10-02 08:00:00+08', 'EXPIRED_UNHARVESTED')""").update();
        statement(statements, dir, "tencent-faceid-statement-2026-10-05.csv",
                "2026-10-05,default,FaceID,rule-1,核身,13,12,1.50,18.00");
        statement(statements, dir, "aliyun-cloudauth-statement-2026-10-05.csv",
                "2026-10-05,default,FaceVerify,1000001,default,7,7,1,7.00");
        reconciler.reconcileDay(DAY);
        List<Long> passed = jdbc.sql("SELECT id FROM verification_session WHERE state = 'PASSED' ORDER BY id LIMIT 2")
                .query(Long.class).list();
        for (long id : passed) {
            String provider = jdbc.sql("SELECT provider FROM verification_session WHERE id = :id").param("id", id)
                    .query(String.class).single();
            String product = provider.equals("tencent-faceid") ? "FaceID" : "FaceVerify";
            archive.archive(List.of(new EvidenceItem(id, provider, product, EvidenceType.FACE_IMAGE, 0,
                    ("face of session " + id).getBytes(), LocalDateTime.parse("2026-10-05T10:01:00")
                    .atZone(SHANGHAI).toInstant())));
        }
    }

    private static void statement(StatementFileImporter statements, Path dir, String name, String line)
            throws IOException {
        statements.importFile(Files.write(dir.resolve(name), StatementFiles.gbk(StatementFiles.ZH_HEADER, line)),
                null);
    }
}
