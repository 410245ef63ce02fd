package org.idvbatch.archive;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.idvbatch.archive.crypto.KeyEncryptionKey;
import org.idvbatch.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code keys-rotate}: a new key-encryption key becomes primary, every live data key is rewrapped with it
 * (payloads untouched), and an old key is destroyed only once no row names it. Interrupted, it leaves
 * the old keys in place; run again to finish.
 */
@Service
public class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    private static final int BATCH = 500;

    private static final String STALE = "SELECT " + StoredEvidence.COLUMNS + """
             FROM evidence_archive WHERE purged_at IS NULL AND kek_id <> :primary ORDER BY id LIMIT :limit
             FOR UPDATE SKIP LOCKED
            """;
    /** Kept objects under another key than the primary, from the key tally (V115): a row per key and capture day. */
    private static final String STALE_COUNT =
            "SELECT coalesce(sum(objects), 0) FROM evidence_key_tally WHERE kek_id <> :primary";
    private static final String REWRAP = """
            UPDATE evidence_archive a SET kek_id = v.kek, wrapped_key = decode(v.w, 'base64')
              FROM unnest(:ids::bigint[], :keks::text[], :wrapped::text[]) AS v (id, kek, w)
             WHERE a.id = v.id AND a.purged_at IS NULL
            """;
    private static final String IN_USE = "SELECT coalesce(sum(objects), 0) FROM evidence_key_tally WHERE kek_id = :kek";

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final EvidenceCipher cipher;
    private final EvidenceAudit audit;
    private final TransactionTemplate tx;

    KeyRotation(JdbcClient jdbc, KeyEncryptionKey kek, EvidenceCipher cipher, EvidenceAudit audit,
                PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.cipher = cipher;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
    }

    /** @param newKey false to only finish an interrupted rotation (rewrap to the current primary, retire) */
    public RotationResult rotate(boolean newKey, String actor) {
        return rotate(newKey, actor, ProgressListener.NONE);
    }

    /** As {@link #rotate(boolean, String)}, telling {@code progress} of the data keys rewrapped. */
    public RotationResult rotate(boolean newKey, String actor, ProgressListener progress) {
        String primary = newKey ? kek.rotate() : kek.primaryKeyId();
        int rewrapped = 0;
        int n;
        progress.started("keys-rotate", progress == ProgressListener.NONE ? -1
                : jdbc.sql(STALE_COUNT).param("primary", primary).query(Long.class).single());
        try {
            do {
                n = tx.execute(status -> rewrapBatch(primary));
                rewrapped += n;
                progress.advancedBy(n);
            } while (n == BATCH);
        } finally {
            progress.finished();
        }
        List<String> retired = new ArrayList<>();
        for (String old : kek.keyIds()) {
            if (!old.equals(primary)
                    && jdbc.sql(IN_USE).param("kek", old).query(Long.class).single() == 0) {
                kek.retire(old);
                retired.add(old);
            }
        }
        int count = rewrapped;
        tx.executeWithoutResult(s -> audit.record(EvidenceAudit.Action.KEY_ROTATE, null, count, actor,
                "primary key-encryption key " + primary + "; retired " + (retired.isEmpty() ? "none" : retired)));
        log.info("Key rotation: primary {}, {} data keys rewrapped, retired {}", primary, count, retired);
        return new RotationResult(primary, rewrapped, retired, kek.keyIds().size());
    }

    private int rewrapBatch(String primary) {
        List<StoredEvidence> stale = jdbc.sql(STALE).param("primary", primary).param("limit", BATCH)
                .query(StoredEvidence.MAPPER).list();
        List<Long> ids = new ArrayList<>();
        List<String> keks = new ArrayList<>();
        List<String> wrapped = new ArrayList<>();
        for (StoredEvidence row : stale) {
            try {
                EvidenceCipher.DataKey k = cipher.rewrap(row.kekId(), row.wrappedKey(), row.associatedData());
                ids.add(row.id());
                keks.add(k.kekId());
                wrapped.add(Base64.getEncoder().encodeToString(k.wrapped()));
            } catch (GeneralSecurityException e) {
                throw new EvidenceIntegrityException(EvidenceIntegrityException.Problem.WRONG_KEY, row.describe()
                        + ": cannot rewrap, its data key does not unwrap with " + row.kekId(), e);
            }
        }
        if (!ids.isEmpty()) {
            jdbc.sql(REWRAP).param("ids", ids.toArray(Long[]::new)).param("keks", keks.toArray(String[]::new))
                    .param("wrapped", wrapped.toArray(String[]::new)).update();
        }
        return stale.size();
    }

    /**
     * @param primaryKeyId the key every live data key is now wrapped with
     * @param retired      key ids destroyed because nothing used them any more
     * @param keysLeft     keys still in the keyset
     */
    public record RotationResult(String primaryKeyId, int rewrapped, List<String> retired, int keysLeft) {
    }
}
