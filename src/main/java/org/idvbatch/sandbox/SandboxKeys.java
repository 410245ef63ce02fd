package org.idvbatch.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Freshly generated sandbox-only AccessKey pairs (never real keys, never committed). */
public final class SandboxKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SandboxKeys() {
    }

    public static String accessKeyId() {
        return "SBX" + HexFormat.of().formatHex(bytes(8)).toUpperCase();
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
