/**
 * A minimal Alibaba Cloud OSS for the sandbox: GetObject on the Cloudauth evidence bucket of each sandbox
 * account, signed with the account's AccessKey (signature V1, in the query string or the Authorization
 * header), answering with OSS's XML errors.
 */
package org.idvbatch.sandbox.aliyun.oss;
