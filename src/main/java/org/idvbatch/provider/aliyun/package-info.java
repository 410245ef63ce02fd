/**
 * Alibaba Cloud result queries through the official generic client (tea-openapi {@code callApi}, RPC
 * style, ACS3 or HMAC-SHA1 signatures): Cloudauth 2019-03-07, legacy saf face_verify, ID Verification.
 */
package org.idvbatch.provider.aliyun;
