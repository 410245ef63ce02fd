/**
 * Tencent Cloud FaceID 2018-03-01 as the sandbox speaks it: API 3.0 envelope, TC3-HMAC-SHA256 verification,
 * DetectAuth, GetDetectInfoEnhanced (with the Encryption option) and GetWeChatBillDetails. Assumptions the
 * public docs leave open are written next to the code that makes them.
 */
package org.idvbatch.sandbox.tencent;
