package org.idvbatch.sandbox.aliyun.oss;

/**
 * Where the sandbox's Cloudauth keeps a verification's pictures in the merchant's OSS: one bucket per account
 * (named like Alibaba's {@code cn-shanghai-aliyun-cloudauth-<uid>}) and one object per CertifyId.
 */
public final class CloudauthBucket {

    private static final String OBJECT_PREFIX = "verify/";
    private static final String FACE = "/face.jpg";

    private CloudauthBucket() {
    }

    public static String of(String account) {
        return "cn-shanghai-aliyun-cloudauth-" + Math.abs((long) account.hashCode());
    }

    public static String faceObject(String certifyId) {
        return OBJECT_PREFIX + certifyId + FACE;
    }

    /** The CertifyId a face object belongs to, or null when the key is not one of ours. */
    static String certifyIdOf(String object) {
        if (!object.startsWith(OBJECT_PREFIX) || !object.endsWith(FACE)) {
            return null;
        }
        String id = object.substring(OBJECT_PREFIX.length(), object.length() - FACE.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }
}
