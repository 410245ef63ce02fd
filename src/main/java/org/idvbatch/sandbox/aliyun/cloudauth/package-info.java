/** Cloudauth 2019-03-07 actions: face verify, the legacy token flow, VerifyMaterial and usage statistics. */
package org.idvbatch.sandbox.aliyun.cloudauth;
