package org.idvbatch.sandbox.tencent;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.TestIdentity;
import org.idvbatch.identity.IdentityMask;

/**
 * GetDetectInfoEnhanced {@code Text}: identity, OCR fields and one LivenessDetail per attempt. Pending or
 * abandoned sessions have null result fields and no attempts (ASSUMPTION: the doc does not show that case).
 */
final class DetectInfoText {

    private DetectInfoText() {
    }

    static Map<String, Object> of(SandboxSession session, SensitiveFieldCipher cipher) {
        SessionSpec spec = session.spec();
        List<SandboxSession.Attempt> attempts = session.attempts();
        SandboxSession.Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
        TestIdentity ocr = TestIdentity.of(session.evidenceSeed());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ErrCode", last == null ? null : last.code());
        t.put("ErrMsg", last == null ? null : TencentCodes.message(last.code()));
        t.put("IdCard", protect(cipher, "Response.Text.IdCard", spec.idNumber()));
        t.put("UseIDType", 0);
        t.put("Name", protect(cipher, "Response.Text.Name", spec.name()));
        t.put("OcrNation", last == null ? null : "汉");
        t.put("OcrAddress", last == null ? null : "上海市徐汇区虹桥路1号");
        t.put("OcrBirth", last == null ? null : ocr.birthDate().format(DateTimeFormatter.ofPattern("yyyy/M/d")));
        t.put("OcrAuthority", last == null ? null : "上海市公安局徐汇分局");
        t.put("OcrValidDate", last == null ? null : "2020.01.01-2040.01.01");
        t.put("OcrName", last == null ? null : protect(cipher, "Response.Text.OcrName", spec.name()));
        t.put("OcrIdCard", last == null ? null : protect(cipher, "Response.Text.OcrIdCard", spec.idNumber()));
        t.put("OcrGender", last == null ? null : ocr.gender());
        t.put("IdInfoFrom", last == null ? null : "OCR");
        t.put("LiveStatus", last == null ? null : liveStatus(last.code()));
        t.put("LiveMsg", last == null ? null : TencentCodes.message(liveStatus(last.code())));
        t.put("Comparestatus", last == null ? null : compareStatus(last.code()));
        t.put("Comparemsg", last == null || compareStatus(last.code()) == null ? null
                : TencentCodes.message(compareStatus(last.code())));
        t.put("Sim", last == null ? null : sim(session, last.code()));
        t.put("Location", null);
        t.put("Extra", spec.merchantBizId());
        t.put("LivenessDetail", details(session, attempts));
        t.put("Mobile", "");
        t.put("CompareLibType", "比对".equals(spec.compareSource()) ? "上传照片" : "权威库");
        t.put("LivenessMode", last == null ? null : 3);
        return t;
    }

    private static List<Map<String, Object>> details(SandboxSession session, List<SandboxSession.Attempt> attempts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            SandboxSession.Attempt a = attempts.get(i);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("ReqTime", Long.toString(a.at().toEpochMilli()));
            d.put("Seq", TencentCodes.seq(session.ref(), i));
            // ASSUMPTION: per-attempt identity is returned masked (only the Text fields are encryptable).
            d.put("Idcard", IdentityMask.idNumber(session.spec().idNumber()));
            d.put("Name", IdentityMask.name(session.spec().name()));
            d.put("Sim", sim(session, a.code()));
            d.put("IsNeedCharge", a.billed());
            d.put("Errcode", a.code());
            d.put("Errmsg", TencentCodes.message(a.code()));
            d.put("Livestatus", liveStatus(a.code()));
            d.put("Livemsg", TencentCodes.message(liveStatus(a.code())));
            d.put("Comparestatus", compareStatus(a.code()));
            d.put("Comparemsg", compareStatus(a.code()) == null ? null : TencentCodes.message(compareStatus(a.code())));
            d.put("CompareLibType", "比对".equals(session.spec().compareSource()) ? "上传照片" : "权威库");
            d.put("LivenessMode", 3);
            out.add(d);
        }
        return out;
    }

    private static int liveStatus(int code) {
        return TencentCodes.isLiveness(code) ? code : 0;
    }

    private static Integer compareStatus(int code) {
        return TencentCodes.isLiveness(code) ? null : code;
    }

    /** Similarity 0.00-100.00: >= 70 is the same person; deterministic per session. */
    static String sim(SandboxSession session, int code) {
        int jitter = (int) Math.floorMod(session.evidenceSeed(), 900L);
        if (code == 0) {
            return String.format("%.2f", 85 + jitter / 100.0);
        }
        if (TencentCodes.isLiveness(code) || code == 2006) {
            return "0.00";
        }
        return String.format("%.2f", 40 + jitter / 30.0);
    }

    private static String protect(SensitiveFieldCipher cipher, String path, String value) {
        return cipher == null ? value : cipher.seal(path, value);
    }
}
