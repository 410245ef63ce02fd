package org.idvbatch.provider.tencent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Reads the public key Tencent publishes for sensitive-data encryption from a PEM file. The FaceID console
 * (and Tencent's helpers) give the RSA key as PKCS#1 ({@code BEGIN RSA PUBLIC KEY}) and the SM2 key as
 * SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}); both forms are accepted for RSA.
 */
final class TencentPublicKeyFile {

    private TencentPublicKeyFile() {
    }

    static PublicKey read(Path file, SensitiveDataAlgorithm algorithm) {
        if (file == null) {
            throw new IllegalStateException("encryption.public-key-file is not set");
        }
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("encryption.public-key-file " + file + " cannot be read: " + e, e);
        }
        boolean pkcs1 = pem.contains("BEGIN RSA PUBLIC KEY");
        StringBuilder body = new StringBuilder();
        for (String line : pem.split("\\R")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                body.append(line.strip());
            }
        }
        try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            if (pkcs1) {
                if (algorithm != SensitiveDataAlgorithm.AES_256_CBC) {
                    throw new IllegalStateException("encryption.public-key-file " + file
                            + " holds an RSA key, but " + algorithm.wireName() + " needs Tencent's SM2 key");
                }
                der = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                        DERNull.INSTANCE), RSAPublicKey.getInstance(der)).getEncoded();
            }
            return algorithm.publicKey(der);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("encryption.public-key-file " + file + " is not a PEM "
                    + (algorithm == SensitiveDataAlgorithm.AES_256_CBC ? "RSA" : "SM2") + " public key: "
                    + e.getMessage(), e);
        }
    }
}
