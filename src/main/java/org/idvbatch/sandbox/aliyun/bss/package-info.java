/** BSS OpenAPI 2017-12-14 (business.aliyuncs.com): the account's monthly bill, DescribeInstanceBill. */
package org.idvbatch.sandbox.aliyun.bss;
