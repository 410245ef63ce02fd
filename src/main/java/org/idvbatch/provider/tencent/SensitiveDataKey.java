package org.idvbatch.provider.tencent;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data key of one GetDetectInfoEnhanced call: made fresh per request, sent only wrapped with Tencent's
 * public key (CiphertextBlob), kept in memory until the answer is opened, then dropped.
 */
final class SensitiveDataKey {

    private final SensitiveDataAlgorithm algorithm;
    private final byte[] dataKey;
    private final String ciphertextBlob;

    private SensitiveDataKey(SensitiveDataAlgorithm algorithm, byte[] dataKey, String ciphertextBlob) {
        this.algorithm = algorithm;
        this.dataKey = dataKey;
        this.ciphertextBlob = ciphertextBlob;
    }

    static SensitiveDataKey fresh(SensitiveDataAlgorithm algorithm, PublicKey tencentKey, SecureRandom random) {
        byte[] key = algorithm.newDataKey(random);
        try {
            return new SensitiveDataKey(algorithm, key,
                    Base64.getEncoder().encodeToString(algorithm.wrap(tencentKey, key, random)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key with the configured " + algorithm.wireName()
                    + " public key: " + e.getMessage(), e);
        }
    }

    /**
     * The request's Encryption object. For GetDetectInfoEnhanced nothing is encrypted on the way in, so, as
     * in Tencent's own example, it carries the algorithm and the wrapped key with an empty Iv; the answer
     * brings its own Iv (and TagList).
     */
    Map<String, Object> requestParameter() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Algorithm", algorithm.wireName());
        e.put("CiphertextBlob", ciphertextBlob);
        e.put("Iv", "");
        return e;
    }

    SensitiveDataAlgorithm algorithm() {
        return algorithm;
    }

    byte[] decrypt(byte[] iv, byte[] ciphertext, byte[] tag) throws GeneralSecurityException {
        return algorithm.decrypt(dataKey, iv, ciphertext, tag);
    }

    @Override
    public String toString() { // never the key
        return "SensitiveDataKey[" + algorithm.wireName() + "]";
    }
}
