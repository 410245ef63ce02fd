/** Legacy saf face_verify (ExecuteRequest, 2017-03-31) with the seed's unified codes and Z-codes. */
package org.idvbatch.sandbox.aliyun.saf;
