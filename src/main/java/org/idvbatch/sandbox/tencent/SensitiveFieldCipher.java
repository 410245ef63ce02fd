package org.idvbatch.sandbox.tencent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * FaceID sensitive-data encryption ("Encryption" parameter; doc 1007/47180, method two): the caller's
 * symmetric data key travels encrypted with the provider's public key as CiphertextBlob, fields are
 * AES-256-CBC encrypted and base64-encoded, and the answer's sensitive fields are encrypted with the same key.
 * ASSUMPTIONS (the doc leaves them open; kept here in one place):
 * - the provider key is the sandbox's RSA-2048 envelope key, RSA/ECB/PKCS1Padding, CiphertextBlob = base64;
 * - Iv is 16 ASCII characters used as the IV bytes; padding PKCS#7;
 * - a request that sets only Algorithm (GetDetectInfoEnhanced) gets a fresh data key, returned the same way;
 * - SM4-GCM is documented but not implemented by the sandbox (the JDK has no SM4): InvalidParameterValue.
 */
final class SensitiveFieldCipher {

    static final String AES_CBC = "AES-256-CBC";
    private static final String IV_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair envelope;
    private final byte[] dataKey;
    private final String iv;

    private SensitiveFieldCipher(KeyPair envelope, byte[] dataKey, String iv) {
        this.envelope = envelope;
        this.dataKey = dataKey;
        this.iv = iv;
    }

    /** From the request's Encryption object, or null when the request asks for no encryption. */
    static SensitiveFieldCipher from(JsonNode encryption, KeyPair envelope) {
        if (encryption == null || encryption.isNull() || !encryption.isObject()) {
            return null;
        }
        String algorithm = encryption.path("Algorithm").asString(AES_CBC);
        if (!AES_CBC.equals(algorithm)) {
            throw new TencentError("InvalidParameterValue", "Encryption.Algorithm `" + algorithm
                    + "` is not supported by the sandbox (only AES-256-CBC).");
        }
        String blob = encryption.path("CiphertextBlob").asString("");
        if (blob.isEmpty()) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            StringBuilder ivText = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                ivText.append(IV_CHARS.charAt(RANDOM.nextInt(IV_CHARS.length())));
            }
            return new SensitiveFieldCipher(envelope, key, ivText.toString());
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, envelope.getPrivate());
            byte[] key = rsa.doFinal(Base64.getDecoder().decode(blob));
            String ivText = encryption.path("Iv").asString("");
            if (key.length != 32 || ivText.length() != 16) {
                throw new TencentError("InvalidParameterValue", "Encryption needs a 32-byte data key and a 16-char Iv.");
            }
            return new SensitiveFieldCipher(envelope, key, ivText);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TencentError("InvalidParameterValue.EncryptionFailed", "CiphertextBlob cannot be decrypted.");
        }
    }

    String encrypt(String plain) {
        return plain == null ? null : Base64.getEncoder().encodeToString(
                crypt(Cipher.ENCRYPT_MODE, plain.getBytes(StandardCharsets.UTF_8)));
    }

    String decrypt(String cipherText) {
        try {
            return cipherText == null ? null
                    : new String(crypt(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(cipherText)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TencentError("InvalidParameterValue.EncryptionFailed", "an encrypted field is not base64.");
        }
    }

    /** The answer's Encryption object. */
    Map<String, Object> describe(List<String> encrypted) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("EncryptList", encrypted);
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, envelope.getPublic());
            out.put("CiphertextBlob", Base64.getEncoder().encodeToString(rsa.doFinal(dataKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        out.put("Iv", iv);
        out.put("Algorithm", AES_CBC);
        out.put("TagList", List.of());
        return out;
    }

    private byte[] crypt(int mode, byte[] data) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(mode, new SecretKeySpec(dataKey, "AES"), new IvParameterSpec(iv.getBytes(StandardCharsets.US_ASCII)));
            return aes.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new TencentError("InvalidParameterValue.EncryptionFailed", "field decryption failed.");
        }
    }
}
