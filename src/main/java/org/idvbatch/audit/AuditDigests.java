package org.idvbatch.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idvbatch.archive.store.ObjectStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed daily digests, in the archive store next to the evidence: {@code audit-digests/YYYY/MM/DATE.json} (the
 * chain head, anchor and row count of every audit table, and the SHA-256 of the previous digest) and
 * {@code DATE.json.sig} (its DER ECDSA P-256 / SHA-256 signature), both put under the store's retention lock (S3
 * Object Lock, COMPLIANCE) until {@code idv.audit-proof.digest-retention} after they were written. Each is recorded
 * in {@code audit_digest} with its SHA-256, which the next digest chains.
 */
@Component
public class AuditDigests {

    static final String FORMAT = "idv-batch audit digest 1";
    static final String PREFIX = ObjectStore.AUDIT_DIGESTS;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String LATEST = """
            SELECT business_date, object_key, digest_sha256 FROM audit_digest ORDER BY business_date DESC LIMIT 1
            """;
    private static final String RECORD = """
            INSERT INTO audit_digest (business_date, object_key, digest_sha256, key_id, written_at)
            VALUES (:date, :key, :sha, :keyId, :at)
            """;
    private static final String RECORDED = """
            SELECT business_date, object_key, digest_sha256 FROM audit_digest
             WHERE business_date >= :from ORDER BY business_date
            """;
    private static final String BEFORE = """
            SELECT business_date, object_key, digest_sha256 FROM audit_digest
             WHERE business_date < :before ORDER BY business_date DESC LIMIT 1
            """;

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final AuditSigningKey key;
    private final AuditChains chains;
    private final AuditProofProperties properties;
    private final Clock clock;

    AuditDigests(JdbcClient jdbc, ObjectStore store, AuditSigningKey key, AuditChains chains,
                 AuditProofProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.key = key;
        this.chains = chains;
        this.properties = properties;
        this.clock = clock;
    }

    /** A digest as recorded in the database. */
    record Recorded(LocalDate date, String objectKey, byte[] sha256) {
    }

    /** A table's entry in a digest. */
    record Entry(long seq, byte[] head, long anchorSeq, byte[] anchorHash, long rows) {
    }

    /** A digest object as read back: its bytes, signature, and what it says. */
    record Read(Recorded recorded, byte[] bytes, byte[] signature, String previousSha256, Map<String, Entry> tables) {
    }

    static String objectKey(LocalDate date) {
        return PREFIX + date.getYear() + "/" + String.format("%02d", date.getMonthValue()) + "/" + date + ".json";
    }

    /**
     * Writes the digest of {@code date} (the chains as they are now) unless one is recorded for it already; returns
     * whether it wrote one.
     */
    @Transactional
    public boolean write(LocalDate date) {
        if (jdbc.sql("SELECT 1 FROM audit_digest WHERE business_date = :date").param("date", Date.valueOf(date))
                .query(Integer.class).optional().isPresent()) {
            return false;
        }
        Optional<Recorded> previous = jdbc.sql(LATEST).query((rs, i) -> new Recorded(rs.getDate(1).toLocalDate(),
                rs.getString(2), rs.getBytes(3))).optional();
        Instant now = clock.instant();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("business_date", date.toString());
        doc.put("written_at", now.toString());
        doc.put("key_id", key.keyId());
        doc.put("previous", previous.map(p -> (Object) Map.of("business_date", p.date().toString(),
                "sha256", AuditChains.HEX.formatHex(p.sha256()))).orElse(null));
        Map<String, Object> tables = new LinkedHashMap<>();
        chains.heads().values().forEach(h -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("seq", h.seq());
            t.put("head", AuditChains.HEX.formatHex(h.head()));
            t.put("anchor_seq", h.anchorSeq());
            t.put("anchor_hash", AuditChains.HEX.formatHex(h.anchorHash()));
            t.put("rows", h.rows());
            tables.put(h.table(), t);
        });
        doc.put("tables", tables);
        byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(bytes);
        String objectKey = objectKey(date);
        jdbc.sql(RECORD).param("date", Date.valueOf(date)).param("key", objectKey).param("sha", sha256(bytes))
                .param("keyId", key.keyId()).param("at", Timestamp.from(now)).update();
        Instant retainUntil = now.atOffset(ZoneOffset.UTC).plus(properties.digestRetention()).toInstant();
        try {
            store.put(objectKey, out -> out.write(bytes), retainUntil);
            store.put(objectKey + ".sig", out -> out.write(signature), retainUntil);
            store.flush(List.of(objectKey, objectKey + ".sig"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit digest " + objectKey, e);
        }
        return true;
    }

    /** The digests recorded from {@code from} on (all when null), oldest first. */
    List<Recorded> recorded(LocalDate from) {
        return jdbc.sql(RECORDED).param("from", Date.valueOf(from == null ? LocalDate.of(1970, 1, 1) : from))
                .query((rs, i) -> new Recorded(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getBytes(3))).list();
    }

    /** The last digest recorded before {@code date}, if any. */
    Optional<Recorded> before(LocalDate date) {
        return jdbc.sql(BEFORE).param("before", Date.valueOf(date))
                .query((rs, i) -> new Recorded(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getBytes(3)))
                .optional();
    }

    boolean any() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM audit_digest)").query(Boolean.class).single();
    }

    /** Reads a digest object and its signature; empty when either is gone from the store. */
    Optional<Read> read(Recorded r) {
        byte[] bytes = object(r.objectKey());
        byte[] signature = object(r.objectKey() + ".sig");
        if (bytes == null || signature == null) {
            return Optional.empty();
        }
        Map<String, Entry> tables = new LinkedHashMap<>();
        String previous = null;
        try {
            JsonNode doc = JSON.readTree(bytes);
            JsonNode p = doc.get("previous");
            previous = p == null || p.isNull() ? null : p.get("sha256").asString();
            for (var e : doc.get("tables").properties()) {
                JsonNode t = e.getValue();
                tables.put(e.getKey(), new Entry(t.get("seq").asLong(), AuditChains.HEX.parseHex(t.get("head")
                        .asString()), t.get("anchor_seq").asLong(), AuditChains.HEX.parseHex(t.get("anchor_hash")
                        .asString()), t.get("rows").asLong()));
            }
        } catch (RuntimeException e) {
            tables = null; // unreadable: the signature check names it
        }
        return Optional.of(new Read(r, bytes, signature, previous, tables));
    }

    boolean verifies(Read read) {
        return key.verifies(read.signature(), read.bytes());
    }

    private byte[] object(String objectKey) {
        try (InputStream in = store.open(objectKey)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit digest " + objectKey, e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
