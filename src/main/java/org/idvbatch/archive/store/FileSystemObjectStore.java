package org.idvbatch.archive.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory. A put writes {@code .tmp-<name>} in the target directory,
 * fsyncs it and renames it atomically; {@link #flush} fsyncs the directories so the names survive a crash.
 */
public final class FileSystemObjectStore implements ObjectStore {

    static final String TEMP_PREFIX = ".tmp-";
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Path root;

    public FileSystemObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize(); // created by the first put
        if (java.nio.file.Files.exists(this.root) && !java.nio.file.Files.isDirectory(this.root)) {
            // found at start, not as "Partition handler returned an unsuccessful step" in the middle of a night
            throw new IllegalStateException("config: idv.archive.root is '" + this.root + "'; it must be a directory,"
                    + " not a file");
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Content content) throws IOException {
        Path target = resolve(key);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(TEMP_PREFIX + target.getFileName());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(new Named(Channels.newOutputStream(ch), tmp), 64 * 1024);
            content.writeTo(out);
            out.flush();
            try {
                ch.force(false); // data and size; the name is made durable by flush()
            } catch (IOException e) {
                throw Named.named(e, tmp);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void flush(Collection<String> keys) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String key : keys) {
            // new directories need their parents synced too, up to the root
            for (Path d = resolve(key).getParent(); d != null && d.startsWith(root); d = d.getParent()) {
                if (!dirs.add(d)) {
                    break;
                }
            }
        }
        for (Path d : dirs) {
            try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public Stream<StoredObject> list() throws IOException {
        return files(root).map(this::describe).filter(Objects::nonNull);
    }

    @Override
    public Stream<StoredObject> list(String prefix) throws IOException {
        String folder = ObjectStore.folder(prefix);
        return files(resolve(folder.substring(0, folder.length() - 1))).map(this::describe).filter(Objects::nonNull);
    }

    /**
     * Every file under {@code dir}, lazily, depth first. Unlike {@link Files#walk} it tolerates entries that
     * vanish while it runs (another node renaming its temp files, a purge): they are simply not listed.
     */
    private static Stream<Path> files(Path dir) {
        Stream<Path> entries;
        try {
            entries = Files.list(dir);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries.flatMap(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? files(p) : Stream.of(p));
    }

    private StoredObject describe(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return null; // objects are plain files; anything else under the root is not ours
            }
            String name = file.getFileName().toString();
            return new StoredObject(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
                    a.size(), a.lastModifiedTime().toInstant(), name.startsWith(TEMP_PREFIX));
        } catch (NoSuchFileException e) {
            return null; // renamed or deleted while listing: a concurrent write or purge
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path resolve(String key) {
        if (!SAFE_KEY.matcher(key).matches() || ("/" + key + "/").contains("/./") || ("/" + key + "/").contains("/../")) {
            throw new IllegalArgumentException("not a valid object key: " + key);
        }
        return root.resolve(key);
    }

    /**
     * The file's own writes: a failure ("No space left on device") names the file, so the run's failure line says
     * which disk is full. A failure of the content's source (a provider stream) passes as it is.
     */
    private static final class Named extends java.io.FilterOutputStream {

        private final Path file;

        Named(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw named(e, file);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw named(e, file);
            }
        }

        static IOException named(IOException e, Path file) {
            if (e instanceof java.nio.file.FileSystemException) {
                return e;
            }
            IOException named = new java.nio.file.FileSystemException(file.toString(), null, e.getMessage());
            named.initCause(e);
            return named;
        }
    }
}
