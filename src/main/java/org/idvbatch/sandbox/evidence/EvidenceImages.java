package org.idvbatch.sandbox.evidence;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Deterministic evidence pictures: real baseline JPEGs (javax.imageio) of a face-like drawing over a gradient
 * with per-pixel noise, so they compress to realistic 20-60 KB rather than a few hundred bytes. Rendering costs
 * milliseconds, so each kind has a pool of {@value #POOL} rendered pictures; a session's picture is one of them
 * with a JPEG comment segment naming the session inserted after SOI, which keeps every session's bytes distinct
 * (content-addressed archives must not dedupe them) and the same (seed, index) always gives the same bytes.
 */
public final class EvidenceImages {

    /** Which picture of a session: best frames 0..n, ID-card sides, avatar. */
    public enum Kind { FRAME, ID_FRONT, ID_BACK, AVATAR }

    static final int POOL = 64;
    private final byte[][][] pool = new byte[Kind.values().length][POOL][];

    public byte[] jpeg(long seed, Kind kind, int index) {
        int slot = (int) Math.floorMod(seed * 31 + index, (long) POOL);
        byte[] base;
        synchronized (pool[kind.ordinal()]) {
            base = pool[kind.ordinal()][slot];
            if (base == null) {
                base = render(new SplittableRandom(kind.ordinal() * 1009L + slot), kind);
                pool[kind.ordinal()][slot] = base;
            }
        }
        return withComment(base, "idv-sandbox " + kind.name().toLowerCase() + " " + index + " session " + seed);
    }

    /** Inserts a COM (0xFFFE) segment right after the SOI marker. */
    private static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int len = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + len];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (len >> 8);
        out[5] = (byte) len;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }

    /**
     * A short "liveness video": ASSUMPTION, the sandbox does not encode MP4; it returns a Motion-JPEG stream
     * (three concatenated frames), which is realistic in size and is real image data.
     */
    public byte[] video(long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            out.writeBytes(jpeg(seed, Kind.FRAME, 100 + i));
        }
        return out.toByteArray();
    }

    private static byte[] render(SplittableRandom rnd, Kind kind) {
        boolean card = kind == Kind.ID_FRONT || kind == Kind.ID_BACK;
        int w = card ? 428 : 300;
        int h = card ? 270 : 400;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int r0 = 120 + rnd.nextInt(100), g0 = 120 + rnd.nextInt(100), b0 = 120 + rnd.nextInt(100);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = rnd.nextInt(41) - 20;
                pixels[y * w + x] = rgb(r0 + x * 60 / w + n, g0 + y * 60 / h + n, b0 - x * 40 / w + n);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(rgb(215 + rnd.nextInt(30), 175 + rnd.nextInt(30), 150 + rnd.nextInt(30))));
        int fw = card ? w / 4 : w / 2;
        int fx = card ? w - fw - 30 : (w - fw) / 2;
        g.fillOval(fx, h / 5, fw, fw * 4 / 3);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(fx + fw / 4, h / 5 + fw / 2, fw / 8, fw / 12);
        g.fillOval(fx + fw * 5 / 8, h / 5 + fw / 2, fw / 8, fw / 12);
        if (card) {
            for (int line = 0; line < 5; line++) {
                g.fillRect(30, 40 + line * 40, 120 + rnd.nextInt(100), 10);
            }
        }
        g.dispose();
        return encode(img);
    }

    private static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] encode(BufferedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.80f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
