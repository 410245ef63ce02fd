package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test evidence made at test time: JPEGs of realistic size (20-60 KB) that carry a clear name and ID
 * number in a JPEG comment, so a scan of the archive can prove neither is stored in clear.
 */
final class EvidenceFixtures {

    static final String NAME = "张三丰";
    static final String ID_NUMBER = "11010519491231002X";
    static final Path ROOT = Path.of("target/test-data/archive");

    private EvidenceFixtures() {
    }

    static byte[] jpeg(long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt()), 480, 360, new Color(random.nextInt())));
        g.fillRect(0, 0, 480, 360);
        for (int i = 0; i < 120; i++) {
            g.setColor(new Color(random.nextInt(), true));
            g.fillOval(random.nextInt(480), random.nextInt(360), 10 + random.nextInt(60), 10 + random.nextInt(60));
        }
        // no text drawn: font rendering would make the tests depend on the machine's installed fonts
        g.dispose();
        for (int y = 0; y < 360; y++) { // sensor-like noise, so the JPEG has a camera-like size
            for (int x = 0; x < 480; x++) {
                img.setRGB(x, y, img.getRGB(x, y) ^ (random.nextInt(12) * 0x010101));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withComment(out.toByteArray(), "name=" + NAME + ";id=" + ID_NUMBER);
    }

    /** An MP4-like video: ftyp box, the identity in a metadata-like box, then ~1.5 MB of frames. */
    static byte[] video(long seed) {
        byte[] v = new byte[1_500_000];
        new Random(seed).nextBytes(v);
        byte[] head = "\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, v, 0, head.length);
        byte[] who = ("udta name=" + NAME + " id=" + ID_NUMBER).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(who, 0, v, 100, who.length);
        return v;
    }

    static byte[] contentFor(EvidenceType type, long seed) {
        return type == EvidenceType.LIVENESS_VIDEO ? video(seed) : jpeg(seed);
    }

    private static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + text.length + 4);
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xFE); // COM
        out.write((text.length + 2) >> 8);
        out.write((text.length + 2) & 0xFF);
        out.write(text, 0, text.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static long session(JdbcClient jdbc, String provider, String product, Instant createdAt) {
        return jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at)
                VALUES (:p, :product, 'scene-1', 'biz-' || gen_random_uuid(), 'ref-' || gen_random_uuid(), :at)
                RETURNING id""")
                .param("p", provider).param("product", product).param("at", Timestamp.from(createdAt))
                .query(Long.class).single();
    }

    static String evidenceStatus(JdbcClient jdbc, long session) {
        return jdbc.sql("SELECT evidence_status FROM verification_session WHERE id = ?").param(session)
                .query(String.class).single();
    }

    /** The session's first archived object, decrypted with every check. */
    static byte[] readBack(EvidenceObjects objects, EvidenceRows rows, long session) {
        java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
        objects.open(rows.storedForSession(session).get(0), back);
        return back.toByteArray();
    }

    static void reset(JdbcClient jdbc) {
        jdbc.sql("TRUNCATE evidence_audit, evidence_archive, billable_call, verification_session, archive_sweep_mark CASCADE")
                .update();
        deleteTree(ROOT);
    }

    static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                if (!p.equals(root)) {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} sessions of Tencent with one kept object each (rows only: no object in the store), their
     * references and object keys {@code prefix}N, their seq N.
     */
    static void keptObjects(JdbcClient jdbc, int count, String prefix) {
        keptObjects(jdbc, count, prefix, Instant.now());
    }

    /** {@code count} kept objects of new sessions, each session created, captured and recorded at {@code at}. */
    static void keptObjects(JdbcClient jdbc, int count, String prefix, Instant at) {
        jdbc.sql("""
                WITH s AS (
                    INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref,
                           created_at, retention_deadline, next_attempt_at, state, evidence_status)
                    SELECT 'tencent-faceid', 'FaceID', 'cost', :prefix || g, :prefix || g, CAST(:at AS timestamptz),
                           CAST(:at AS timestamptz) + interval '3 days', CAST(:at AS timestamptz), 'PASSED', 'ARCHIVED'
                      FROM generate_series(1, :count) g
                    RETURNING id, provider_ref)
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                       ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                       retain_until, created_at)
                SELECT s.id, 'tencent-faceid', 'FaceID', 'FACE_IMAGE', substr(s.provider_ref, length(:prefix) + 1)::int,
                       :prefix || '/' || s.id, sha256(s.provider_ref::bytea), 1000, 900, 'local:cost', '\\x01',
                       CAST(:at AS timestamptz), CAST(:at AS timestamptz) + interval '3 years', CAST(:at AS timestamptz)
                  FROM s
                """).param("prefix", prefix).param("count", count).param("at", Timestamp.from(at)).update();
    }

    /**
     * Blocks read on evidence_archive (heap and indexes) by this connection's statements so far: its statistics are
     * flushed first, so {@code session} must be one connection.
     */
    static long blocksRead(JdbcClient session) {
        session.sql("SELECT pg_stat_force_next_flush()").query(Object.class).optional();
        session.sql("SELECT 1").query(Integer.class).single(); // a transaction's end: the flush
        session.sql("SELECT pg_stat_clear_snapshot()").query(Object.class).optional();
        return session.sql("""
                SELECT coalesce(heap_blks_hit, 0) + coalesce(heap_blks_read, 0) + coalesce(idx_blks_hit, 0)
                       + coalesce(idx_blks_read, 0)
                  FROM pg_statio_user_tables WHERE relname = 'evidence_archive'
                """).query(Long.class).single();
    }
}
