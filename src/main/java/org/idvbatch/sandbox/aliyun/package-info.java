/**
 * Alibaba Cloud's POP gateway as the sandbox speaks it: RPC v1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256)
 * signatures, time stamp and nonce checks, the gateway's error shape, and one {@link
 * org.idvbatch.sandbox.aliyun.AliyunProduct} per API version (sub-packages cloudauth, saf, idv).
 */
package org.idvbatch.sandbox.aliyun;
