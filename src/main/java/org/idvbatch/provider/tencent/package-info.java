/**
 * Tencent Cloud FaceID (2018-03-01) through the official generic client (tencentcloud-sdk-java-common
 * CommonClient): GetDetectInfoEnhanced results, with the code table of providers.md §4.6, and the
 * sensitive-data encryption of those answers (doc 1007/47180): a per-request data key wrapped with Tencent's
 * RSA or SM2 public key, answers opened in memory before they are mapped.
 */
package org.idvbatch.provider.tencent;
