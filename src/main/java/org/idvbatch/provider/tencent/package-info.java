/**
 * Tencent Cloud FaceID (2018-03-01) through the official generic client (tencentcloud-sdk-java-common
 * CommonClient): GetDetectInfoEnhanced results, with the code table of providers.md §4.6.
 */
package org.idvbatch.provider.tencent;
