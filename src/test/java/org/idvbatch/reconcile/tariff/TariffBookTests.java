package org.idvbatch.reconcile.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.idvbatch.RejectedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TariffBookTests {

    @TempDir
    Path dir;

    private static final String GOOD_ENTRY = """
            tariffs:
              - provider: tencent-faceid
                product: FaceID
                charge-type: 核身
                prices:
                  - effective-from: 2026-11-01
                    effective-to: 2026-11-14
                    tiers:
                      - { up-to: 10, unit-price: "1.50" }
                      - { unit-price: "1.20" }
                  - effective-from: 2026-11-15
                    tiers:
                      - { unit-price: "0.0125" }
            """;

    @Test
    void loadsTheShippedExampleTariffs() {
        TariffBook book = TariffBook.load(Path.of("config/tariffs.yml"));
        assertThat(book.find("tencent-faceid", "FaceID", "核身")).isPresent();
        assertThat(book.find("tencent-faceid", "FaceID", "比对")).isPresent();
        assertThat(book.find("aliyun-cloudauth", "FaceVerify", "default").orElseThrow().prices().get(0).tiers())
                .containsExactly(new Tier(0, null, new BigDecimal("1.0000")));
        assertThat(book.sha256()).hasSize(64);
    }

    @Test
    void flattensPriceVersionsIntoDatedBands() throws IOException {
        TariffBook book = TariffBook.load(write(GOOD_ENTRY));
        assertThat(book.bands()).extracting(TariffBook.PriceBand::validFrom, TariffBook.PriceBand::validTo,
                        TariffBook.PriceBand::fromExclusive, TariffBook.PriceBand::upTo, TariffBook.PriceBand::unitPrice)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 14), 0L, 10L,
                                new BigDecimal("1.5000")),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 14), 10L, null,
                                new BigDecimal("1.2000")),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 15), null, 0L, null,
                                new BigDecimal("0.0125")));
    }

    @Test
    void rejectsUnknownProviderNamingTheEntry() throws IOException {
        assertRejected(GOOD_ENTRY.replace("tencent-faceid", "tencent-ocr"),
                "tariffs[0].provider: unknown provider 'tencent-ocr'");
    }

    @Test
    void rejectsUnknownProductNamingTheEntry() throws IOException {
        assertRejected(GOOD_ENTRY.replace("FaceID", "FaceOCR"),
                "tariffs[0].product: unknown product 'FaceOCR' for tencent-faceid");
    }

    @Test
    void rejectsOverlappingPriceVersions() throws IOException {
        assertRejected(GOOD_ENTRY.replace("2026-11-14", "2026-11-15"),
                "tariffs[0] (tencent-faceid/FaceID/核身).prices[1]: dates overlap an earlier price version"
                        + " (2026-11-01 .. 2026-11-15)");
    }

    @Test
    void rejectsTwoOpenEndedVersionsWithTheSameStart() throws IOException {
        assertRejected(GOOD_ENTRY.replace("        effective-to: 2026-11-14\n", "").replace("2026-11-15", "2026-11-01"),
                "prices[1]: dates overlap an earlier price version (2026-11-01 .. open)");
    }

    @Test
    void rejectsNegativePrice() throws IOException {
        assertRejected(GOOD_ENTRY.replace("\"1.20\"", "\"-1.20\""),
                "tariffs[0] (tencent-faceid/FaceID/核身).prices[0].tiers[1].unit-price: negative price -1.20");
    }

    @Test
    void rejectsTiersThatDoNotIncrease() throws IOException {
        assertRejected(GOOD_ENTRY.replace("{ up-to: 10, unit-price: \"1.50\" }\n",
                        "{ up-to: 10, unit-price: \"1.50\" }\n          - { up-to: 10, unit-price: \"1.40\" }\n"),
                "prices[0].tiers[1].up-to: 10 does not increase (previous tier ends at 10)");
    }

    @Test
    void rejectsAClosedLastTier() throws IOException {
        assertRejected(GOOD_ENTRY.replace("{ unit-price: \"1.20\" }", "{ up-to: 20, unit-price: \"1.20\" }"),
                "prices[0].tiers[1].up-to: the last tier must be open-ended");
    }

    @Test
    void rejectsADuplicateEntry() throws IOException {
        String twice = GOOD_ENTRY + GOOD_ENTRY.substring(GOOD_ENTRY.indexOf("  - provider"));
        assertRejected(twice, "tariffs[1] (tencent-faceid/FaceID/核身): duplicates an earlier entry");
    }

    @Test
    void rejectsAPriceWithFractionsOfAHundredthFen() throws IOException {
        assertRejected(GOOD_ENTRY.replace("0.0125", "0.01255"), "unit-price: 0.01255 has more than 4 decimals");
    }

    @Test
    void rejectsMistypedKeys() throws IOException {
        assertRejected(GOOD_ENTRY.replace("effective-to:", "efective-to:"), "unknown key 'efective-to'");
    }

    @Test
    void rejectsAMissingFile() {
        assertThatThrownBy(() -> TariffBook.load(dir.resolve("nope.yml")))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("no such file");
    }

    static final String PACKAGE = """
            packages:
              - { provider: tencent-faceid, product: FaceID, charge-type: 核身, calls: 5000, price: "6000.00",
                  valid-from: 2026-11-01, valid-to: 2027-10-31 }
            """;

    @Test
    void readsAPrepaidResourcePackage() throws IOException {
        assertThat(TariffBook.load(write(GOOD_ENTRY + PACKAGE)).packages()).singleElement().isEqualTo(
                new ResourcePackage("tencent-faceid", "FaceID", "核身", 5000, new BigDecimal("6000.00"),
                        LocalDate.of(2026, 11, 1), LocalDate.of(2027, 10, 31)));
    }

    @Test
    void rejectsAPackageWithoutItsTariffOrWithBadFields() throws IOException {
        assertRejected(GOOD_ENTRY + PACKAGE.replace("核身", "比对"),
                "packages[0]: no tariff for tencent-faceid/FaceID/比对: a package deducts calls a tariff prices");
        assertRejected(GOOD_ENTRY + PACKAGE.replace("calls: 5000", "calls: 0"),
                "packages[0].calls: '0' is not a positive whole number of calls");
        assertRejected(GOOD_ENTRY + PACKAGE.replace("\"6000.00\"", "\"6000.001\""),
                "packages[0].price: 6000.0010 has more than 2 decimals (CNY to the fen)");
        assertRejected(GOOD_ENTRY + PACKAGE.replace("valid-to: 2027-10-31", "valid-to: 2026-10-31"),
                "packages[0].valid-to: 2026-10-31 is before valid-from 2026-11-01");
        assertRejected(GOOD_ENTRY + PACKAGE.replace("calls: 5000", "size: 5000"),
                "packages[0]");
    }

    private void assertRejected(String yaml, String message) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> TariffBook.load(file)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining(message);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("tariffs.yml"), yaml);
    }
}
