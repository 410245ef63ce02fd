package org.idvbatch.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextMaskTests {

    @Test
    void masksIdNumberShapedTextInsideMerchantFields() {
        assertThat(FreeTextMask.idNumbers("order-11010519491231002X")).isEqualTo("order-110105********002X");
        assertThat(FreeTextMask.idNumbers("330103199001010101/a")).isEqualTo("330103********0101/a");
        assertThat(FreeTextMask.idNumbers("x11010519491231002x-2")).isEqualTo("x110105********002X-2");
    }

    @Test
    void leavesShorterAndLongerNumbersAlone() {
        assertThat(FreeTextMask.idNumbers("order-1234567890123456")).isEqualTo("order-1234567890123456");
        assertThat(FreeTextMask.idNumbers("ref-1234567890123456789")).isEqualTo("ref-1234567890123456789");
        assertThat(FreeTextMask.idNumbers(null)).isNull();
    }

    @Test
    void aMessageQuotesNeitherAnIdNumberNorAName() {
        assertThat(FreeTextMask.forMessage("欧阳娜娜 11010519491231002X x")).isEqualTo("欧*** 110105********002X x");
        assertThat(FreeTextMask.forMessage("rule-1")).isEqualTo("rule-1");
        assertThat(FreeTextMask.forMessage(null)).isNull();
    }
}
