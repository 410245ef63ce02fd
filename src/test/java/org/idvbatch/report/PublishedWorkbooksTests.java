package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console lists and serves only the workbooks idv-batch wrote, unchanged: a link, a copy under another
 * day's name, an edited file or a file that is no workbook is refused whatever it is named (issue 25: a link named
 * like a daily workbook served the archive's key file).
 */
@org.idvbatch.archive.ArchiveIntegrationTest
class PublishedWorkbooksTests {

    static final LocalDate DAY = LocalDate.of(2026, 9, 14);

    @Autowired
    DailyReportWriter writer;
    @Autowired
    PublishedWorkbooks workbooks;
    @Autowired
    ReportProperties props;

    Path file;
    String name;

    @BeforeEach
    void writeTheDay() throws Exception {
        file = writer.write(new RunInfo(DAY, 7L, Instant.parse("2026-09-14T18:00:00Z"), "test",
                new ArchiveCheck(0, List.of())));
        name = "2026/09/idv-daily-2026-09-14.xlsx";
    }

    @Test
    void aWorkbookAsWrittenIsListedAndServedByteForByte() throws Exception {
        assertThat(workbooks.list().workbooks()).extracting(PublishedWorkbooks.Listed::name).contains(name);
        try (PublishedWorkbooks.Opened opened = workbooks.open(name).orElseThrow()) {
            assertThat(opened.fileName()).isEqualTo("idv-daily-2026-09-14.xlsx");
            assertThat(opened.content().readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void aWorkbookChangedSinceItWasWrittenIsNeitherListedNorServed() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1; // same size, one bit different
        Files.write(file, bytes);
        assertThat(workbooks.open(name)).isEmpty();
        assertThat(workbooks.list().workbooks()).extracting(PublishedWorkbooks.Listed::name).doesNotContain(name);
    }

    @Test
    void aLinkInPlaceOfTheWorkbookOrOfItsFolderIsRefusedEvenToTheRightContent() throws Exception {
        Path copy = Files.createTempFile("idv-workbook-", ".xlsx");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(file);
        Files.createSymbolicLink(file, copy);
        assertThat(workbooks.open(name)).isEmpty();
        assertThat(workbooks.list().workbooks()).extracting(PublishedWorkbooks.Listed::name).doesNotContain(name);

        Files.delete(file);
        Path month = file.getParent();
        Path elsewhere = Files.createTempDirectory("idv-month-");
        Files.copy(copy, elsewhere.resolve(file.getFileName()));
        for (Path p : Files.list(month).toList()) {
            Files.move(p, elsewhere.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(month);
        Files.createSymbolicLink(month, elsewhere);
        try {
            assertThat(workbooks.open(name)).as("through a linked month folder").isEmpty();
            assertThat(workbooks.list().workbooks()).extracting(PublishedWorkbooks.Listed::name).doesNotContain(name);
        } finally {
            Files.delete(month);
        }
    }

    @Test
    void aCopyUnderAnotherDaysNameOrATextFileNamedLikeAWorkbookIsRefused() throws Exception {
        Path other = props.dir().resolve("2026/09/idv-daily-2026-09-13.xlsx");
        Files.deleteIfExists(other);
        Files.copy(file, other);
        Path text = props.dir().resolve("2026/09/idv-daily-2026-09-12.xlsx");
        Files.writeString(text, "{\"primaryKeyId\": 1}");
        for (String refused : List.of("2026/09/idv-daily-2026-09-13.xlsx", "2026/09/idv-daily-2026-09-12.xlsx",
                "../keys/archive-kek.json", "2026/09/../../x.xlsx")) {
            assertThat(workbooks.open(refused)).as(refused).isEmpty();
        }
        PublishedWorkbooks.Listing listing = workbooks.list();
        assertThat(listing.workbooks()).extracting(PublishedWorkbooks.Listed::name)
                .doesNotContain("2026/09/idv-daily-2026-09-13.xlsx", "2026/09/idv-daily-2026-09-12.xlsx");
        assertThat(listing.leftOut()).isGreaterThanOrEqualTo(2);
        Files.delete(other);
        Files.delete(text);
    }
}
