package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultMessageTests {

    @Test
    void aTruncatedAnswerKeepsNoImageDataNoIdentityAndAtMostFiveHundredCharacters() {
        String truncated = "unreadable answer: {\"Code\":\"200\",\"ResultObject\":{\"Picture\":\"/9j/4AAQSkZJRgABAQAAAQABAAD"
                + "2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL";
        assertThat(ResultMessage.of(truncated)).startsWith("unreadable answer: {\"Code\":\"200\",\"ResultObject\":"
                + "{\"Picture\":\"[").endsWith(" characters of data]").doesNotContain("/9j/4AAQ");
        assertThat(ResultMessage.of("姓名张三丰 身份证 11010519491231002X 不一致")).doesNotContain("三丰", "0519491231");
        assertThat(ResultMessage.of("no such session ".repeat(60))).hasSize(ResultMessage.MAX).endsWith("…");
        assertThat(ResultMessage.of(null)).isNull();
    }
}
