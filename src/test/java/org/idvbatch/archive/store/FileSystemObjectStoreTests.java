package org.idvbatch.archive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTests {

    @TempDir
    Path root;

    @Test
    void anArchiveRootThatIsAFileIsRefusedAtOnce() throws IOException {
        Path file = java.nio.file.Files.writeString(root.resolve("not-a-dir"), "x");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileSystemObjectStore(file))
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith("not-a-dir'; it must be a directory, not a file");
    }

    @Test
    void refusesKeysThatLeaveTheRoot() {
        FileSystemObjectStore store = new FileSystemObjectStore(root);

        for (String key : List.of("../outside.tink", "a/../../outside", "/etc/passwd", "a//b", "a/./b", "a\\b")) {
            assertThatThrownBy(() -> store.put(key, out -> out.write(1)), key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid object key");
        }
    }

    @Test
    void aFailedWriteLeavesNeitherTheObjectNorItsTempFile() throws IOException {
        FileSystemObjectStore store = new FileSystemObjectStore(root);

        assertThatThrownBy(() -> store.put("p/2026/11/25/x.tink", out -> {
            out.write(new byte[100]);
            throw new IOException("provider stream broke");
        })).hasMessage("provider stream broke");

        try (Stream<StoredObject> listed = store.list()) {
            assertThat(listed).isEmpty();
        }
        assertThatThrownBy(() -> store.open("p/2026/11/25/x.tink")).isInstanceOf(NoSuchFileException.class);
    }

    /** Regression: the nightly's orphan sweep failed when another node renamed a temp file during the walk. */
    @Test
    void listingSkipsObjectsThatVanishWhileItRuns() throws IOException {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        List<String> keys = List.of("p/2026/11/25/a.tink", "p/2026/11/25/b.tink", "p/2026/11/25/c.tink",
                "p/2026/11/25/d.tink");
        for (String key : keys) {
            store.put(key, out -> out.write(new byte[] {1}));
        }
        try (Stream<StoredObject> listed = store.list()) {
            var it = listed.iterator();
            String first = it.next().key();
            // the directory has been read; now a concurrent writer renames its temp files, a purge deletes
            for (String key : keys) {
                if (!key.equals(first)) {
                    store.delete(key);
                }
            }
            List<String> rest = new java.util.ArrayList<>();
            it.forEachRemaining(o -> rest.add(o.key())); // no error; what was read before it vanished may show
            assertThat(rest).doesNotContain(first).isSubsetOf(keys);
        }
    }

    @Test
    void listsObjectsWithTheirKeysAndMarksUnfinishedWrites() throws IOException {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        store.put("p/2026/11/25/a.tink", out -> out.write(new byte[] {1, 2, 3}));
        store.flush(List.of("p/2026/11/25/a.tink"));
        Files.write(root.resolve("p/2026/11/25/.tmp-b.tink"), new byte[] {9});

        try (Stream<StoredObject> listed = store.list()) {
            assertThat(listed).extracting(StoredObject::key, StoredObject::size, StoredObject::incomplete)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("p/2026/11/25/a.tink", 3L, false),
                            org.assertj.core.groups.Tuple.tuple("p/2026/11/25/.tmp-b.tink", 1L, true));
        }
        store.delete("p/2026/11/25/.tmp-b.tink");
        store.delete("p/2026/11/25/.tmp-b.tink"); // already gone: no error
    }

    @Test
    void aFolderListingReadsOnlyThatFolderAndRefusesAFolderThatLeavesTheRoot() throws IOException {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        for (String key : List.of("p/2026/11/25/a.tink", "p/2026/11/26/b.tink", "q/2026/11/25/c.tink")) {
            store.put(key, out -> out.write(1));
        }

        try (Stream<StoredObject> listed = store.list("p/2026/11/25/")) {
            assertThat(listed).extracting(StoredObject::key).containsExactly("p/2026/11/25/a.tink");
        }
        try (Stream<StoredObject> listed = store.list("p/2026/12/01/")) {
            assertThat(listed).as("a folder nothing was written to").isEmpty();
        }
        for (String folder : List.of("../", "p/../../", "/etc/", "p/2026", "", "p//")) {
            assertThatThrownBy(() -> store.list(folder), folder).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aWriteToAFullDiskNamesTheFileItCouldNotWrite() throws IOException {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        Path full = Files.createDirectories(root.resolve("p/2026/11/25"));
        // /dev/full answers every write with ENOSPC, as a full filesystem does
        Files.createSymbolicLink(full.resolve(".tmp-x.tink"), Path.of("/dev/full"));

        assertThatThrownBy(() -> store.put("p/2026/11/25/x.tink", out -> out.write(new byte[128 * 1024])))
                .isInstanceOf(java.nio.file.FileSystemException.class)
                .hasMessage(full.resolve(".tmp-x.tink") + ": No space left on device");
    }
}
