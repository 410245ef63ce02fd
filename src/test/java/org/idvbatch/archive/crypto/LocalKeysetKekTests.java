package org.idvbatch.archive.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class LocalKeysetKekTests {

    private static final byte[] AD = EvidenceCipher.associatedData(1, "FACE_IMAGE", 0);

    private static Path freshFile() {
        return Path.of("target/test-data/keys/kek-unit-" + System.nanoTime() + ".json");
    }

    @Test
    void createsAnOwnerOnlyKeysetFileOnFirstUseAndReadsTheSameKeyBack() throws Exception {
        Path file = freshFile();
        LocalKeysetKek first = LocalKeysetKek.open(null, file);
        assertThat(file).as("nothing created before the first use").doesNotExist();
        byte[] wrapped = first.wrap("data key".getBytes(StandardCharsets.UTF_8), AD);

        LocalKeysetKek again = LocalKeysetKek.open(null, file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(again.primaryKeyId()).isEqualTo(first.primaryKeyId()).startsWith("local:");
        assertThat(again.unwrap(first.primaryKeyId(), wrapped, AD)).asString(StandardCharsets.UTF_8)
                .isEqualTo("data key");
    }

    @Test
    void aProcessThatLoadedTheKeysetBeforeARotationUsesTheNewPrimaryAfterIt() throws Exception {
        Path file = freshFile();
        LocalKeysetKek daemon = LocalKeysetKek.open(null, file);
        String old = daemon.primaryKeyId();
        LocalKeysetKek rotating = LocalKeysetKek.open(null, file);
        Thread.sleep(20); // file times are coarse-grained

        String fresh = rotating.rotate();
        rotating.retire(old);

        assertThat(daemon.primaryKeyId()).isEqualTo(fresh);
        byte[] wrappedByDaemon = daemon.wrap(new byte[] {7}, AD);
        assertThat(rotating.unwrap(fresh, wrappedByDaemon, AD)).containsExactly(7);
        assertThat(daemon.keyIds()).containsExactly(fresh);
    }

    @Test
    void keysetFromTheEnvironmentIsReadOnly() throws Exception {
        String json = Files.readString(writeKeyset());
        LocalKeysetKek fromEnv = LocalKeysetKek.open(json, Path.of("target/never-created.json"));

        assertThatThrownBy(fromEnv::rotate).hasMessageContaining("comes from IDV_ARCHIVE_KEK");
        assertThat(Path.of("target/never-created.json")).doesNotExist();
    }

    @Test
    void aKeysetFileThatVanishesAfterUseIsAnErrorNotSilentlyReplaced() throws Exception {
        Path file = freshFile();
        LocalKeysetKek kek = LocalKeysetKek.open(null, file);
        kek.primaryKeyId();
        Files.delete(file);

        assertThatThrownBy(kek::primaryKeyId).hasMessageContaining("cannot read the archive key-encryption keyset");
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesToRetireThePrimaryKey() {
        LocalKeysetKek kek = LocalKeysetKek.open(null, freshFile());

        assertThatThrownBy(() -> kek.retire(kek.primaryKeyId())).hasMessageContaining("refusing to retire the primary");
    }

    private static Path writeKeyset() {
        Path file = freshFile();
        LocalKeysetKek.open(null, file).primaryKeyId();
        return file;
    }
}
