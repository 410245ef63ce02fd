package org.idvbatch.sandbox.tencent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import tools.jackson.databind.JsonNode;

/**
 * FaceID sensitive-data encryption ("Encryption" parameter; doc 1007/47180, method two), the provider's side,
 * as Tencent's crypto helpers (faceid-api-crypto-java / -golang) show the protocol: the caller's data key (an
 * ASCII string, 32 characters for AES-256-CBC, 16 for SM4-GCM) arrives as CiphertextBlob, wrapped with the
 * provider's RSA key (PKCS#1 v1.5) or SM2 key (C1C3C2); fields are AES/CBC/PKCS#7 (16-byte IV) or SM4/GCM
 * (12-byte IV, tag apart in TagList), all base64. The answer echoes CiphertextBlob, brings a fresh Iv, and
 * lists what it encrypted by full path ({@code Response.Text.IdCard}); one Iv serves all fields of an answer,
 * as in Tencent's helpers.
 * Codes: an unknown Algorithm or a missing CiphertextBlob is InvalidParameterValue; a blob that does not
 * unwrap (e.g. wrapped with another public key) is FailedOperation.DecryptSystemError (FaceID error list,
 * doc 1007/108012). ASSUMPTION: an Encryption with only Algorithm (the KMS flow of accounts opened before
 * 2023-03-17, doc 1007/95088) is refused: without CiphertextBlob the caller could not open the answer.
 * ASSUMPTION: with IsEncryptResponse the fields inside EncryptedBody are not encrypted a
 * second time, and EncryptList is {@code ["EncryptedBody"]}.
 */
final class SensitiveFieldCipher {

    static final String AES_CBC = "AES-256-CBC";
    static final String SM4_GCM = "SM4-GCM";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean gcm;
    private final byte[] dataKey;
    private final String blob;
    private final byte[] answerIv;
    private final List<String> sealed = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();

    private SensitiveFieldCipher(boolean gcm, byte[] dataKey, String blob) {
        this.gcm = gcm;
        this.dataKey = dataKey;
        this.blob = blob;
        this.answerIv = new byte[gcm ? 12 : 16];
        RANDOM.nextBytes(answerIv);
    }

    /** From the request's Encryption object, or null when the request asks for no encryption. */
    static SensitiveFieldCipher from(JsonNode encryption, TencentEnvelopeKeys keys) {
        if (encryption == null || encryption.isNull()) {
            return null;
        }
        if (!encryption.isObject()) {
            throw new TencentError("InvalidParameterValue", "Encryption must be an object.");
        }
        String algorithm = encryption.path("Algorithm").asString(AES_CBC);
        if (!AES_CBC.equals(algorithm) && !SM4_GCM.equals(algorithm)) {
            throw new TencentError("InvalidParameterValue", "Encryption.Algorithm must be AES-256-CBC or SM4-GCM.");
        }
        String blob = encryption.path("CiphertextBlob").asString("");
        if (blob.isEmpty()) {
            throw new TencentError("InvalidParameterValue", "Encryption.CiphertextBlob is required.");
        }
        boolean gcm = SM4_GCM.equals(algorithm);
        byte[] key;
        try {
            key = unwrap(gcm, Base64.getDecoder().decode(blob), keys);
        } catch (GeneralSecurityException | InvalidCipherTextException | IllegalArgumentException e) {
            throw new TencentError("FailedOperation.DecryptSystemError", "解密失败 (CiphertextBlob cannot be decrypted).");
        }
        if (key.length != (gcm ? 16 : 32)) {
            throw new TencentError("FailedOperation.DecryptSystemError", "解密失败 (wrong data key length).");
        }
        return new SensitiveFieldCipher(gcm, key, blob);
    }

    private static byte[] unwrap(boolean gcm, byte[] blob, TencentEnvelopeKeys keys)
            throws GeneralSecurityException, InvalidCipherTextException {
        if (gcm) {
            SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
            sm2.init(false, ECUtil.generatePrivateKeyParameter(keys.sm2().getPrivate()));
            return sm2.processBlock(blob, 0, blob.length);
        }
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.DECRYPT_MODE, keys.rsa().getPrivate());
        return rsa.doFinal(blob);
    }

    /** A request field the caller encrypted (DetectAuth), with the request's Iv and, for GCM, its tag. */
    String open(String cipherText, String iv, String tag) {
        if (cipherText == null) {
            return null;
        }
        try {
            byte[] ct = Base64.getDecoder().decode(cipherText);
            if (gcm) {
                byte[] t = Base64.getDecoder().decode(tag == null ? "" : tag);
                byte[] both = Arrays.copyOf(ct, ct.length + t.length);
                System.arraycopy(t, 0, both, ct.length, t.length);
                ct = both;
            }
            return new String(cipher(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(iv == null ? "" : iv))
                    .doFinal(ct), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TencentError("FailedOperation.DecryptSystemError", "解密失败 (an encrypted field does not decrypt).");
        }
    }

    /** Encrypts one answer field and records it (path and tag) for the answer's Encryption object. */
    String seal(String path, String plain) {
        if (plain == null) {
            return null;
        }
        byte[] out = encrypt(plain.getBytes(StandardCharsets.UTF_8));
        sealed.add(path);
        return Base64.getEncoder().encodeToString(out);
    }

    /** The whole answer (IsEncryptResponse) as EncryptedBody. */
    String sealBody(String json) {
        return seal("EncryptedBody", json);
    }

    /** The answer's Encryption object. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("EncryptList", List.copyOf(sealed));
        out.put("CiphertextBlob", blob);
        out.put("Iv", Base64.getEncoder().encodeToString(answerIv));
        out.put("Algorithm", gcm ? SM4_GCM : AES_CBC);
        out.put("TagList", List.copyOf(tags));
        return out;
    }

    private byte[] encrypt(byte[] plain) {
        try {
            byte[] out = cipher(Cipher.ENCRYPT_MODE, answerIv).doFinal(plain);
            if (!gcm) {
                return out;
            }
            tags.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(out, out.length - 16, out.length)));
            return Arrays.copyOf(out, out.length - 16);
        } catch (GeneralSecurityException e) {
            throw new TencentError("InternalError.EncryptSystemError", "加密失败.");
        }
    }

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        if (gcm) {
            Cipher sm4 = Cipher.getInstance("SM4/GCM/NoPadding", TencentEnvelopeKeys.BOUNCY_CASTLE);
            sm4.init(mode, new SecretKeySpec(dataKey, "SM4"), new GCMParameterSpec(128, iv));
            return sm4;
        }
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(mode, new SecretKeySpec(dataKey, "AES"), new IvParameterSpec(iv));
        return aes;
    }
}
