/** ID Verification (Cloudauth-intl) 2022-08-09: Initialize and CheckResult. */
package org.idvbatch.sandbox.aliyun.idv;
