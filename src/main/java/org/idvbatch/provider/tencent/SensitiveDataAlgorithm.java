package org.idvbatch.provider.tencent;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The two algorithms of FaceID sensitive-data encryption, as Tencent's own crypto helpers implement them
 * (TencentCloud/faceid-api-crypto-java and -golang): the data key is an ASCII string of letters and digits
 * (32 characters for AES-256, 16 for SM4) whose bytes are the key; it is wrapped with RSA/ECB/PKCS1Padding or
 * with SM2 in C1C3C2 order; the fields are AES/CBC/PKCS#7 with a 16-byte IV, or SM4/GCM with a 12-byte IV and
 * the 16-byte tag sent apart (TagList). Every value on the wire is standard base64.
 */
enum SensitiveDataAlgorithm {

    AES_256_CBC("AES-256-CBC", 32) {
        @Override
        byte[] wrap(PublicKey publicKey, byte[] dataKey, SecureRandom random) throws GeneralSecurityException {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, random);
            return rsa.doFinal(dataKey);
        }

        @Override
        byte[] decrypt(byte[] dataKey, byte[] iv, byte[] ciphertext, byte[] tag) throws GeneralSecurityException {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new IvParameterSpec(iv));
            return aes.doFinal(ciphertext);
        }

        @Override
        PublicKey publicKey(byte[] subjectPublicKeyInfo) throws GeneralSecurityException {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
        }
    },

    SM4_GCM("SM4-GCM", 16) {
        @Override
        byte[] wrap(PublicKey publicKey, byte[] dataKey, SecureRandom random) throws GeneralSecurityException {
            SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
            sm2.init(true, new ParametersWithRandom(ECUtil.generatePublicKeyParameter(publicKey), random));
            try {
                return sm2.processBlock(dataKey, 0, dataKey.length);
            } catch (InvalidCipherTextException e) {
                throw new GeneralSecurityException("SM2 wrap failed", e);
            }
        }

        @Override
        byte[] decrypt(byte[] dataKey, byte[] iv, byte[] ciphertext, byte[] tag) throws GeneralSecurityException {
            if (tag == null || tag.length != 16) {
                throw new GeneralSecurityException("SM4-GCM needs a 16-byte tag");
            }
            byte[] sealed = new byte[ciphertext.length + tag.length];
            System.arraycopy(ciphertext, 0, sealed, 0, ciphertext.length);
            System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
            Cipher sm4 = Cipher.getInstance("SM4/GCM/NoPadding", BOUNCY_CASTLE);
            sm4.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "SM4"), new GCMParameterSpec(128, iv));
            return sm4.doFinal(sealed);
        }

        @Override
        PublicKey publicKey(byte[] subjectPublicKeyInfo) throws GeneralSecurityException {
            return KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePublic(
                    new X509EncodedKeySpec(subjectPublicKeyInfo));
        }
    };

    /** Passed to each call, never installed in the JVM's provider list (no global side effect). */
    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final String KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String wireName;
    private final int keyLength;

    SensitiveDataAlgorithm(String wireName, int keyLength) {
        this.wireName = wireName;
        this.keyLength = keyLength;
    }

    /** The value of Encryption.Algorithm. */
    String wireName() {
        return wireName;
    }

    /** A fresh data key: letters and digits, as Tencent's helpers make it (the server expects that form). */
    byte[] newDataKey(SecureRandom random) {
        byte[] key = new byte[keyLength];
        for (int i = 0; i < keyLength; i++) {
            key[i] = (byte) KEY_CHARACTERS.charAt(random.nextInt(KEY_CHARACTERS.length()));
        }
        return key;
    }

    abstract byte[] wrap(PublicKey publicKey, byte[] dataKey, SecureRandom random) throws GeneralSecurityException;

    /** @param tag the GCM tag (SM4-GCM); ignored by AES-256-CBC */
    abstract byte[] decrypt(byte[] dataKey, byte[] iv, byte[] ciphertext, byte[] tag) throws GeneralSecurityException;

    abstract PublicKey publicKey(byte[] subjectPublicKeyInfo) throws GeneralSecurityException;

    static SensitiveDataAlgorithm of(String wireName) {
        for (SensitiveDataAlgorithm a : values()) {
            if (a.wireName.equalsIgnoreCase(wireName.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("encryption.algorithm must be AES-256-CBC or SM4-GCM, not `" + wireName + "`");
    }
}
