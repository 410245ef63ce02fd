package org.idvbatch.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Generated sandbox-only AccessKey pairs (never committed keys). */
public final class SandboxTestAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SandboxTestAccounts() {
    }

    public static String id(String prefix) {
        return prefix + HexFormat.of().formatHex(bytes(8));
    }

    public static String secret() {
        return HexFormat.of().formatHex(bytes(16));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
