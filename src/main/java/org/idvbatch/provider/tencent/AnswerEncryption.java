package org.idvbatch.provider.tencent;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Map;
import org.idvbatch.provider.ProviderProperties;

/**
 * One account's sensitive-data encryption settings, loaded once (the public key file is read at client
 * creation, so a bad file is reported before any call): makes each request's data key and says whether the
 * whole answer is to come back encrypted.
 */
final class AnswerEncryption {

    private final SensitiveDataAlgorithm algorithm;
    private final PublicKey tencentKey;
    private final boolean wholeAnswer;
    private final SecureRandom random = new SecureRandom();

    private AnswerEncryption(SensitiveDataAlgorithm algorithm, PublicKey tencentKey, boolean wholeAnswer) {
        this.algorithm = algorithm;
        this.tencentKey = tencentKey;
        this.wholeAnswer = wholeAnswer;
    }

    /** @return null when the account asks for no encryption */
    static AnswerEncryption of(ProviderProperties.Encryption settings) {
        if (settings == null || !settings.enabled()) {
            return null;
        }
        SensitiveDataAlgorithm algorithm = SensitiveDataAlgorithm.of(settings.algorithm());
        return new AnswerEncryption(algorithm, TencentPublicKeyFile.read(settings.publicKeyFile(), algorithm),
                settings.encryptResponse());
    }

    /** Adds Encryption (and IsEncryptResponse) to a request; returns the key that opens its answer. */
    SensitiveDataKey addTo(Map<String, Object> request) {
        SensitiveDataKey key = SensitiveDataKey.fresh(algorithm, tencentKey, random);
        request.put("Encryption", key.requestParameter());
        if (wholeAnswer) {
            request.put("IsEncryptResponse", true);
        }
        return key;
    }
}
