package org.idvbatch.sandbox;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * A generated, deterministic test person (name + 18-digit PRC ID number with a valid check digit). The sandbox
 * never holds real identities; the same seed always gives the same person.
 */
public record TestIdentity(String name, String idNumber, LocalDate birthDate, String gender) {

    private static final String[] FAMILY = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
        "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"};
    private static final String[] REGIONS = {"110101", "310104", "330106", "440305", "510107", "320102"};
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    public static TestIdentity of(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String name = FAMILY[rnd.nextInt(FAMILY.length)] + GIVEN[rnd.nextInt(GIVEN.length)]
                + (rnd.nextBoolean() ? GIVEN[rnd.nextInt(GIVEN.length)] : "");
        LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(rnd.nextInt(365 * 45));
        int sequence = rnd.nextInt(1000);
        String body = REGIONS[rnd.nextInt(REGIONS.length)] + birth.toString().replace("-", "")
                + String.format("%03d", sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * WEIGHTS[i];
        }
        return new TestIdentity(name, body + CHECK[sum % 11], birth, sequence % 2 == 1 ? "男" : "女");
    }
}
