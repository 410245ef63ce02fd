package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.idvbatch.console.RequestInputGuard.Why;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** What the console's input guard refuses before anything behind it reads a request, and what it lets through. */
class RequestInputGuardTests {

    @Test
    void aNulOrAnotherControlCharacterIsRefusedWhereverItIs() {
        assertThat(RequestInputGuard.text("a\u0000b", 100, true)).isEqualTo(Why.CONTROL);
        assertThat(RequestInputGuard.text("a\u001bb", 100, false)).isEqualTo(Why.CONTROL);
        assertThat(RequestInputGuard.text("line\nbreak", 100, false)).isEqualTo(Why.CONTROL);
        // a form's reason may hold a line break or a tab
        assertThat(RequestInputGuard.text("line\r\nbreak\tand tab", 100, true)).isNull();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAndChineseAndEmojiAreNot() {
        assertThat(RequestInputGuard.percentDecoded("%C3%28")).isNull();
        assertThat(RequestInputGuard.percentDecoded("%FF%FE")).isNull();
        assertThat(RequestInputGuard.percentDecoded("%ED%A0%80")).as("a lone surrogate").isNull();
        assertThat(RequestInputGuard.percentDecoded("%E6%AD%A3%E5%B8%B8")).isEqualTo("正常");
        assertThat(RequestInputGuard.percentDecoded("%F0%9F%98%80")).isEqualTo("😀");
        assertThat(RequestInputGuard.percentDecoded("50%")).as("a lone percent sign is itself").isEqualTo("50%");
        assertThat(RequestInputGuard.text("a\uFFFDb", 100, true)).as("what the container put for a bad byte")
                .isEqualTo(Why.NOT_UTF8);
    }

    @Test
    void aValueLongerThanAnyFormSendsIsRefused() {
        assertThat(RequestInputGuard.text("a".repeat(RequestInputGuard.MAX_VALUE), RequestInputGuard.MAX_VALUE, true))
                .isNull();
        assertThat(RequestInputGuard.text("a".repeat(RequestInputGuard.MAX_VALUE + 1), RequestInputGuard.MAX_VALUE,
                true)).isEqualTo(Why.TOO_LONG);
    }

    @Test
    void aRequestNamesTheFieldItIsRefusedFor() {
        MockHttpServletRequest req = new MockHttpServletRequest("GET", "/sessions");
        req.setQueryString("merchantBizId=a%00b");
        req.addParameter("merchantBizId", "a\u0000b");
        assertThat(RequestInputGuard.check(req)).hasValueSatisfying(r -> {
            assertThat(r.field()).isEqualTo("parameter merchantBizId");
            assertThat(r.why()).isEqualTo(Why.CONTROL);
        });

        MockHttpServletRequest langParameter = new MockHttpServletRequest("GET", "/login");
        langParameter.addParameter("lang", "<script>");
        assertThat(RequestInputGuard.check(langParameter)).hasValueSatisfying(r ->
                assertThat(r.why()).isEqualTo(Why.LANGUAGE));

        MockHttpServletRequest header = new MockHttpServletRequest("GET", "/");
        header.addHeader("Referer", "x\u0000y");
        assertThat(RequestInputGuard.check(header)).hasValueSatisfying(r ->
                assertThat(r.field()).isEqualTo("header Referer"));

        MockHttpServletRequest other = new MockHttpServletRequest("GET", "/");
        other.setCookies(new jakarta.servlet.http.Cookie("theme", "\u00ff")); // a Latin-1 character is text
        assertThat(RequestInputGuard.check(other)).isEmpty();

        MockHttpServletRequest lang = new MockHttpServletRequest("GET", "/");
        lang.setCookies(new jakarta.servlet.http.Cookie("idv-console-lang", "../../etc/passwd"));
        assertThat(RequestInputGuard.check(lang)).hasValueSatisfying(r -> {
            assertThat(r.field()).isEqualTo("cookie idv-console-lang");
            assertThat(r.why()).isEqualTo(Why.LANGUAGE);
        });

        MockHttpServletRequest name = new MockHttpServletRequest("GET", "/runs");
        name.addParameter("<script>", "1");
        assertThat(RequestInputGuard.check(name)).hasValueSatisfying(r -> assertThat(r.why()).isEqualTo(Why.NAME));
    }

    @Test
    void everyRealFormAndLinkOfTheConsolePasses() {
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/runs/12/restart");
        req.addParameter("reason", "the provider was down at 02:00; 重新运行");
        req.addParameter("_csrf", "abc-DEF_123==");
        req.addParameter("lang", "zh_CN");
        req.addHeader("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
        assertThat(RequestInputGuard.check(req)).isEmpty();
    }

    @Test
    void aLogLineShowsAtMostItsShareOfAHostileValueAndNoControlCharacter() {
        assertThat(RequestInputGuard.printable("a\u0000b\r\nc", 80)).isEqualTo("a?b??c");
        assertThat(RequestInputGuard.printable("x".repeat(200), 10)).isEqualTo("xxxxxxxxxx…");
    }
}
