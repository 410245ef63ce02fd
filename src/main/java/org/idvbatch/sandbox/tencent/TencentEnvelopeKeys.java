package org.idvbatch.sandbox.tencent;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The sandbox's stand-in for the key pairs Tencent publishes for sensitive-data encryption: an RSA pair for
 * AES-256-CBC and an SM2 pair (curve sm2p256v1) for SM4-GCM, generated at sandbox start and never stored.
 * The public halves are exported as PEM in the forms the FaceID console hands out: RSA as PKCS#1
 * ({@code RSA PUBLIC KEY}), SM2 as SubjectPublicKeyInfo ({@code PUBLIC KEY}).
 */
public final class TencentEnvelopeKeys {

    static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final KeyPair rsa;
    private final KeyPair sm2;

    public TencentEnvelopeKeys() {
        try {
            KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
            r.initialize(2048);
            rsa = r.generateKeyPair();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
            ec.initialize(new ECGenParameterSpec("sm2p256v1"));
            sm2 = ec.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public KeyPair rsa() {
        return rsa;
    }

    public KeyPair sm2() {
        return sm2;
    }

    /** PEM of the public key the merchant configures for {@code algorithm} (AES-256-CBC or SM4-GCM). */
    public String publicKeyPem(String algorithm) {
        if (SensitiveFieldCipher.SM4_GCM.equalsIgnoreCase(algorithm)) {
            return pem("PUBLIC KEY", sm2.getPublic().getEncoded());
        }
        byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(rsa.getPublic().getEncoded()).getPublicKeyData().getBytes();
        return pem("RSA PUBLIC KEY", pkcs1);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
