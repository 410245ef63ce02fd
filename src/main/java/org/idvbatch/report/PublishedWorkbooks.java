package org.idvbatch.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The workbooks idv-batch wrote, as the console lists and serves them. Each one the report step publishes is
 * recorded (table {@code published_workbook}: name, SHA-256, size), and so is the compressed CSV of a day's sessions
 * that goes beside a big day's workbook ({@link SessionsCsv}). A file under {@code idv.reports.dir} is served
 * only when it is a regular file reached without a symbolic link, is an OOXML workbook, and still hashes to what
 * was recorded; anything else (a link to a key file, a text file named like a workbook, a workbook someone edited
 * or copied in) is refused whatever its name. The directory is often a share that finance can write to.
 */
@Component
public class PublishedWorkbooks {

    private static final Logger log = LoggerFactory.getLogger(PublishedWorkbooks.class);

    /** Workbook files and the session files beside daily ones, relative to the reports directory. */
    public static final Pattern NAME = Pattern.compile(
            "\\d{4}/\\d{2}/idv-(daily-\\d{4}-\\d{2}-\\d{2}(-sessions\\.csv\\.gz|\\.xlsx)|monthly-\\d{4}-\\d{2}\\.xlsx)");
    /** The session file beside a daily workbook. */
    static final String SESSIONS_CSV = "-sessions.csv.gz";

    static final String RECORD = """
            INSERT INTO published_workbook (name, sha256, bytes, modified, written_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
                                             modified = EXCLUDED.modified, written_at = EXCLUDED.written_at
            """;
    static final String RECORDED = "SELECT name, bytes, modified FROM published_workbook";
    static final String RECORDED_ONE = "SELECT sha256, bytes FROM published_workbook WHERE name = ?";
    static final String FORGET = "DELETE FROM published_workbook WHERE name = ?";
    static final String RECORDED_NAMES = "SELECT name, written_at < ? FROM published_workbook";
    static final String FORGET_GONE = "DELETE FROM published_workbook WHERE name = ANY (?) AND written_at < ?";

    private final JdbcTemplate jdbc;
    private final ReportProperties props;
    private final Clock clock;

    PublishedWorkbooks(JdbcTemplate jdbc, ReportProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
    }

    /** A workbook the console may list: its name, size and when it was written. */
    public record Listed(String name, long bytes, Instant modified) {
    }

    /** What is under the reports directory: the workbooks idv-batch wrote, and how many other files are left out. */
    public record Listing(List<Listed> workbooks, int leftOut) {
    }

    /** A verified workbook, opened: read it from {@link #content()} (positioned at its start), then close it. */
    public record Opened(String fileName, long bytes, FileChannel channel) implements AutoCloseable {
        public InputStream content() {
            return Channels.newInputStream(channel);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private record Recorded(String sha256, long bytes) {
    }

    /** What the listing compares: the size and the modification time the file had when it was published. */
    private record Stat(long bytes, Instant modified) {
        static Stat of(BasicFileAttributes a) {
            return new Stat(a.size(), a.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS));
        }
    }

    /** Records a workbook the report step has just published under the reports directory. */
    void record(Path file, String sha256) throws IOException {
        String name = nameOf(file);
        Stat stat = Stat.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        jdbc.update(RECORD, name, sha256, stat.bytes(), Timestamp.from(stat.modified()),
                Timestamp.from(clock.instant()));
    }

    /** Forgets a file the report step has removed (a day's session file, once its detail is back on the sheet). */
    void forget(Path file) {
        jdbc.update(FORGET, nameOf(file));
    }

    private String nameOf(Path file) {
        return props.dir().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    /**
     * Every workbook idv-batch wrote that still has the size and modification time it was published with, newest
     * name first: a stat per file, whatever the workbooks weigh (a download then checks the SHA-256 of what it
     * serves).
     */
    public Listing list() throws IOException {
        Path root = props.dir();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return new Listing(List.of(), 0);
        }
        Map<String, Stat> recorded = new HashMap<>();
        jdbc.query(RECORDED, rs -> {
            recorded.put(rs.getString(1), new Stat(rs.getLong(2), rs.getTimestamp(3).toInstant()));
        });
        List<Listed> files = new ArrayList<>();
        int leftOut = 0;
        try (Stream<Path> all = Files.walk(root, 3)) { // never follows links
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (!NAME.matcher(name).matches()) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && Stat.of(a).equals(recorded.get(name))) {
                    files.add(new Listed(name, a.size(), a.lastModifiedTime().toInstant()));
                } else {
                    leftOut++;
                }
            }
        }
        files.sort(Comparator.comparing(Listed::name).reversed());
        return new Listing(files, leftOut);
    }

    /**
     * The workbook of that name, opened, when it is one idv-batch wrote and it is unchanged; empty otherwise (the
     * reason is logged). The checks and the download read the same open file, so it cannot be swapped in between.
     */
    public Optional<Opened> open(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Recorded recorded;
        try {
            recorded = jdbc.queryForObject(RECORDED_ONE, (rs, i) -> new Recorded(rs.getString(1), rs.getLong(2)),
                    name);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            log.warn("workbook {} refused: idv-batch has not recorded writing it", name);
            return Optional.empty();
        }
        Path root = props.dir();
        Path file = root.resolve(name);
        try {
            // no link anywhere from the root down: the month and year folders and the file itself
            for (Path p = file; !p.equals(root) && p != null; p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    log.warn("workbook {} refused: {} is a symbolic link", name, root.relativize(p));
                    return Optional.empty();
                }
            }
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                log.warn("workbook {} refused: it is not under the reports directory", name);
                return Optional.empty();
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                long size = ch.size();
                // the content served is the content hashed: the channel stays open from the check to the download
                if (size != recorded.bytes() || !recorded.sha256().equals(sha256(ch))
                        || !(name.endsWith(SESSIONS_CSV) ? isGzip(file) : isWorkbook(file))) {
                    log.warn("workbook {} refused: it is not the workbook idv-batch wrote (size or SHA-256 differs)",
                            name);
                    ch.close();
                    return Optional.empty();
                }
                ch.position(0);
                return Optional.of(new Opened(file.getFileName().toString(), size, ch));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            log.warn("workbook {} refused: {}", name, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * The records of workbooks written before {@code before} whose file is no longer under the reports directory
     * (someone removed it), by name. None when the directory is missing, or when none of the recorded workbooks is
     * there (a share that is not mounted, say): a record forgotten by mistake would keep the console from serving
     * its file until the day is regenerated.
     */
    public List<String> goneBefore(Instant before) {
        Path root = props.dir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> gone = new ArrayList<>();
        boolean[] anyThere = {false};
        jdbc.query(RECORDED_NAMES, rs -> {
            boolean there = Files.exists(root.resolve(rs.getString(1)), LinkOption.NOFOLLOW_LINKS);
            anyThere[0] |= there;
            if (!there && rs.getBoolean(2)) {
                gone.add(rs.getString(1));
            }
        }, Timestamp.from(before));
        if (!anyThere[0] && !gone.isEmpty()) {
            log.warn("none of the {} recorded workbooks is under {}; their records are kept (is it mounted?)",
                    gone.size(), root);
            return List.of();
        }
        gone.sort(Comparator.naturalOrder());
        return gone;
    }

    /** Forgets these records, of workbooks written before {@code before} ({@link #goneBefore}). */
    public int forgetGone(List<String> names, Instant before) {
        return names.isEmpty() ? 0 : jdbc.update(c -> {
            var ps = c.prepareStatement(FORGET_GONE);
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            ps.setTimestamp(2, Timestamp.from(before));
            return ps;
        });
    }

    /** An OOXML workbook: a ZIP whose directory holds the content types and the workbook part. */
    static boolean isWorkbook(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.getEntry("[Content_Types].xml") != null && zip.getEntry("xl/workbook.xml") != null;
        } catch (IOException notAZip) {
            return false;
        }
    }

    /** A gzip stream: the two bytes every member starts with (RFC 1952). */
    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        } catch (IOException unreadable) {
            return false;
        }
    }

    static String sha256(FileChannel ch) throws IOException {
        ch.position(0);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // not closed: closing the stream would close the channel the download is served from
        new DigestInputStream(Channels.newInputStream(ch), sha).transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(sha.digest());
    }
}
