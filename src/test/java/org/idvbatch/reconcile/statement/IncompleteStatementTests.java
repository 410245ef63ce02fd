package org.idvbatch.reconcile.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.reconcile.StatementFiles.ZH_HEADER;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.reconcile.Ledger;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.StatementFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A statement is taken only once it is complete (issue 25): a copy still being written waits in the inbox, a copy
 * cut at a line boundary never silently replaces the complete statement, and the complete one delivered again is
 * current again.
 */
@IdvIntegrationTest
class IncompleteStatementTests {

    static final String NAME = "aliyun-cloudauth-statement-2026-10-05.csv";
    static final String[] COMPLETE = {ZH_HEADER,
        "2026-10-05,default,FaceVerify,s1,default,3,3,1.00,3.00",
        "2026-10-05,default,FaceVerify,s2,default,2,2,1.00,2.00",
        "2026-10-05,default,FaceVerify,s3,default,4,4,1.00,4.00",
        "2026-10-05,default,FaceVerify,s4,default,1,1,1.00,1.00",
        "合计,,,,,10,10,,10.00"};
    /** The complete statement without its last two rows (the last line and the totals), cut at a line end. */
    static final String[] CUT_AT_A_LINE_END = Arrays.copyOf(COMPLETE, COMPLETE.length - 2);
    static final Instant WRITTEN = Instant.parse("2026-10-06T01:00:00Z");

    @Autowired
    StatementFileImporter importer;
    @Autowired
    Reconciler reconciler;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;
    Path box;

    @BeforeEach
    void clean() throws IOException {
        ReconcileTables.clear(jdbc);
        box = Files.createDirectories(dir.resolve("inbox"));
        Ledger ledger = new Ledger(jdbc, "aliyun-cloudauth", "default", "FaceVerify");
        ledger.billable(3, "s1", "default", "2026-10-05 10:00:00");
        ledger.billable(2, "s2", "default", "2026-10-05 11:00:00");
        ledger.billable(4, "s3", "default", "2026-10-05 12:00:00");
        ledger.billable(1, "s4", "default", "2026-10-05 13:00:00");
    }

    @Test
    void aCopyCutAtALineEndAfterTheCompleteStatementIsRefusedAndTheCompleteOneStaysCurrentWithoutFalseDifferences()
            throws IOException {
        StatementInbox inbox = inbox(Duration.ofSeconds(60), WRITTEN.plusSeconds(3600));
        drop(NAME, COMPLETE);
        assertThat(inbox.importAll(box).accepted()).singleElement().satisfies(s -> assertThat(s.lines()).isEqualTo(4));

        drop(NAME, CUT_AT_A_LINE_END); // the night's copy, taken from the console while it was still being written
        StatementInbox.Report cut = inbox.importAll(box);
        drop(NAME, COMPLETE); // the complete file arrives again
        StatementInbox.Report again = inbox.importAll(box);

        assertThat(cut.accepted()).isEmpty();
        assertThat(cut.refused()).singleElement().asString().contains(NAME + ": 3 lines and no 合计/Total row, but it"
                + " would replace version 1 of aliyun-cloudauth 2026-10-05 (statement #1, " + NAME + ", 4 lines):"
                + " an incomplete copy?");
        assertThat(box.resolve("rejected").resolve(NAME)).as("kept, with its reason").exists();
        assertThat(again.accepted()).singleElement().satisfies(s -> assertThat(s.alreadyImported()).isTrue());
        reconciler.reconcileDay(LocalDate.parse("2026-10-05"));
        assertThat(currentStatuses()).containsOnly("MATCHED").hasSize(4);
    }

    @Test
    void reDeliveringAnEarlierVersionMakesItCurrentAgainWithItsOwnLines() throws IOException {
        ImportedStatement first = importer.importFile(write(NAME, COMPLETE), null);
        ImportedStatement corrected = importer.importFile(write("fixed-" + NAME, ZH_HEADER,
                "2026-10-05,default,FaceVerify,s1,default,3,3,1.00,3.00",
                "合计,,,,,3,3,,3.00"), "aliyun-cloudauth"); // shorter, but whole: its totals row says so
        reconciler.reconcileDay(LocalDate.parse("2026-10-05"));
        assertThat(currentStatuses()).containsOnly("MATCHED", "ONLY_IN_LEDGER").hasSize(4);

        ImportedStatement again = importer.importFile(write(NAME, COMPLETE), null);
        ImportedStatement onceMore = importer.importFile(write(NAME, COMPLETE), null);

        assertThat(corrected.version()).isEqualTo(2);
        assertThat(again.version()).isEqualTo(3);
        assertThat(again.redeliveryOf()).isEqualTo(first.fileId());
        assertThat(onceMore.alreadyImported()).as("now the latest again: a no-op").isTrue();
        assertThat(onceMore.fileId()).isEqualTo(again.fileId());
        assertThat(jdbc.sql("SELECT string_agg(f.version || ':' || f.line_count || ':' || coalesce("
                + "f.redelivery_of::text, '-'), ',' ORDER BY f.version) FROM statement_file f").query(String.class)
                .single()).isEqualTo("1:4:-,2:1:-,3:4:1");
        assertThat(jdbc.sql("SELECT count(*) FROM statement_line WHERE statement_file_id = ?")
                .param(again.fileId()).query(Long.class).single()).isEqualTo(4L);
        reconciler.reconcileDay(LocalDate.parse("2026-10-05"));
        assertThat(currentStatuses()).containsOnly("MATCHED").hasSize(4);
    }

    @Test
    void theSameBytesForAnotherPeriodAreAStatementOfThatPeriodNotAnEarlierImport() throws IOException {
        ImportedStatement day5 = importer.importFile(write("aliyun-saf-statement-2026-10-05.csv", ZH_HEADER), null);
        ImportedStatement day6 = importer.importFile(write("aliyun-saf-statement-2026-10-06.csv", ZH_HEADER), null);

        assertThat(day6.alreadyImported()).isFalse();
        assertThat(day6.periodStart()).isEqualTo(LocalDate.parse("2026-10-06"));
        assertThat(day6.fileId()).isNotEqualTo(day5.fileId());
    }

    @Test
    void aFileStillBeingWrittenIsLeftInTheInboxWithAMessageAndTakenOnceItHasSettled() throws IOException {
        Path file = drop(NAME, COMPLETE);

        StatementInbox.Report early = inbox(Duration.ofSeconds(60), WRITTEN.plusSeconds(59)).importAll(box);
        StatementInbox.Report settled = inbox(Duration.ofSeconds(60), WRITTEN.plusSeconds(60)).importAll(box);

        assertThat(early.accepted()).isEmpty();
        assertThat(early.refused()).isEmpty();
        assertThat(early.waiting()).singleElement().asString().contains(NAME + ": last modified at "
                + "2026-10-06T01:00:00Z, less than 60 s ago (idv.reconcile.inbox-settle)", "still being written?");
        assertThat(settled.waiting()).isEmpty();
        assertThat(settled.accepted()).singleElement().satisfies(s -> assertThat(s.lines()).isEqualTo(4));
        assertThat(file).doesNotExist();
        assertThat(box.resolve("accepted").resolve(NAME)).exists();
    }

    @Test
    void dotFilesAndPartFilesAreNeverTakenWhateverTheirAge() throws IOException {
        drop(NAME + ".part", COMPLETE);
        drop("." + NAME, COMPLETE);

        StatementInbox.Report report = inbox(Duration.ofSeconds(60), WRITTEN.plusSeconds(86_400)).importAll(box);

        assertThat(report.accepted()).isEmpty();
        assertThat(report.waiting()).isEmpty();
        assertThat(report.refused()).isEmpty();
        assertThat(box.resolve(NAME + ".part")).exists();
        assertThat(box.resolve("." + NAME)).exists();
    }

    @Test
    void aTotalsRowTheLinesDoNotAddUpToIsRefusedNamingTheFileTheRowAndTheColumn() throws IOException {
        String[] lost = COMPLETE.clone();
        lost[2] = "2026-10-05,default,FaceVerify,s2,default,2,1,1.00,2.00"; // a line edited after the export

        drop(NAME, lost);
        StatementInbox.Report report = inbox(Duration.ofSeconds(60), WRITTEN.plusSeconds(3600)).importAll(box);

        assertThat(report.refused()).singleElement().asString().contains(NAME + ": line 6, column 7"
                + " (计费量/BillableCalls): the totals row says 10 but the lines add up to 9");
        assertThat(Files.readString(box.resolve("rejected").resolve(NAME + ".error.txt"))).contains("line 6");
        assertThat(jdbc.sql("SELECT count(*) FROM statement_file").query(Long.class).single()).isZero();
    }

    private StatementInbox inbox(Duration settle, Instant now) {
        return new StatementInbox(importer, Clock.fixed(now, ZoneOffset.UTC), settle);
    }

    /** A file in the inbox, last modified at {@link #WRITTEN}. */
    private Path drop(String name, String... lines) throws IOException {
        Path file = Files.write(box.resolve(name), StatementFiles.utf8Bom(lines));
        Files.setLastModifiedTime(file, FileTime.from(WRITTEN));
        return file;
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), StatementFiles.utf8Bom(lines));
    }

    private List<String> currentStatuses() {
        return jdbc.sql("SELECT status FROM reconcile_result_current WHERE business_date = DATE '2026-10-05'"
                + " ORDER BY scene").query(String.class).list();
    }
}
