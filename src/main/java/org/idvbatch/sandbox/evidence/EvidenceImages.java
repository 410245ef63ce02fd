package org.idvbatch.sandbox.evidence;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Deterministic evidence pictures: real baseline JPEGs (javax.imageio) of a face-like drawing over a gradient
 * with per-pixel noise, so they compress to realistic 20-60 KB rather than a few hundred bytes. The same
 * (seed, index) always gives the same bytes; recent pictures are cached because harvesters re-pull them.
 */
public final class EvidenceImages {

    /** Which picture of a session: best frames 0..n, ID-card sides, avatar. */
    public enum Kind { FRAME, ID_FRONT, ID_BACK, AVATAR }

    private static final int CACHE = 256;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHE;
        }
    };

    public byte[] jpeg(long seed, Kind kind, int index) {
        String key = seed + "/" + kind + "/" + index;
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] made = render(new SplittableRandom(seed * 31 + kind.ordinal() * 1009L + index), kind);
        synchronized (cache) {
            cache.put(key, made);
        }
        return made;
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
        int r0 = 120 + rnd.nextInt(100), g0 = 120 + rnd.nextInt(100), b0 = 120 + rnd.nextInt(100);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = rnd.nextInt(41) - 20;
                img.setRGB(x, y, rgb(r0 + x * 60 / w + n, g0 + y * 60 / h + n, b0 - x * 40 / w + n));
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
