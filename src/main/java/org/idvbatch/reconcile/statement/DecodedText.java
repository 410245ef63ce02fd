package org.idvbatch.reconcile.statement;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.idvbatch.RejectedInputException;

/**
 * Text of a CSV export and the encoding it was found in. Consoles write GBK (Tencent) or UTF-8 with a BOM
 * (Alibaba) and say neither, so: a BOM decides; else the bytes must be strict UTF-8; else strict GBK. A GBK
 * file is practically never valid UTF-8, while the reverse guess would garble silently.
 */
record DecodedText(String text, String encoding) {

    private static final Charset GBK = Charset.forName("GBK");

    static DecodedText of(byte[] bytes, String source) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return new DecodedText(strict(bytes, 3, StandardCharsets.UTF_8, source, "UTF-8 (after its BOM)"),
                    "UTF-8 (BOM)");
        }
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            throw new RejectedInputException(source + ": UTF-16 text is not supported; export the statement as"
                    + " UTF-8 or GBK CSV, or as XLSX");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new RejectedInputException(source + ": byte " + i + " is NUL: a binary file, not CSV text");
            }
        }
        try {
            return new DecodedText(decode(bytes, 0, StandardCharsets.UTF_8), "UTF-8");
        } catch (CharacterCodingException notUtf8) {
            return new DecodedText(strict(bytes, 0, GBK, source, "UTF-8 nor GBK"), "GBK");
        }
    }

    private static String strict(byte[] bytes, int offset, Charset charset, String source, String expected) {
        try {
            return decode(bytes, offset, charset);
        } catch (CharacterCodingException e) {
            int at = offset + (e instanceof MalformedInputException m ? errorOffset(bytes, offset, charset) : 0);
            throw new RejectedInputException(source + ": line " + lineOf(bytes, at) + ": byte " + at + " (0x"
                    + String.format("%02X", bytes[Math.min(at, bytes.length - 1)] & 0xFF) + ") is not valid "
                    + (expected.startsWith("UTF-8 nor") ? "UTF-8 nor GBK" : expected)
                    + "; export the statement as UTF-8 or GBK");
        }
    }

    private static String decode(byte[] bytes, int offset, Charset charset) throws CharacterCodingException {
        return decoder(charset).decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
    }

    private static int errorOffset(byte[] bytes, int offset, Charset charset) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        decoder(charset).decode(in, java.nio.CharBuffer.allocate(bytes.length + 1), true);
        return in.position() - offset;
    }

    private static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static int lineOf(byte[] bytes, int at) {
        int line = 1;
        for (int i = 0; i < at && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
