/**
 * The merchant's own Alibaba Cloud OSS bucket, where Cloudauth keeps the evidence pictures of a verification
 * (DescribeFaceVerify MaterialInfo: ossBucketName / ossObjectName): a signed GetObject with the merchant's
 * AccessKey, used when the answer's short-lived pictureUrl is missing or has expired.
 */
package org.idvbatch.provider.aliyun.oss;
