package io.bitquark.metainfo.upload;

import io.bitquark.metainfo.create.ContentFile;
import io.bitquark.metainfo.create.ScannedContent;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.storage.PathConfinement;
import io.bitquark.protocol.storage.UnsafePathException;
import io.bitquark.rest.ApiProblem;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where uploads are written, under the content root:
 *
 * <pre>
 * uploads/&lt;upload id&gt;/.incoming          while the body arrives (hidden: scans leave it out)
 * uploads/&lt;upload id&gt;/&lt;name&gt;            a single-file upload, once complete
 * uploads/&lt;upload id&gt;/&lt;name&gt;/&lt;path&gt;…    a multi-file upload, once complete
 * </pre>
 *
 * The upload id ({@code 20250101-120000-<16 hex digits>}) names a directory created for this upload
 * alone, atomically, so two uploads never share a directory and an upload never overwrites anything;
 * files are created with {@code CREATE_NEW}. {@code uploads/<upload id>} is what the repository records
 * as the torrent's uploaded content, removed with {@code DELETE …?deleteContent=true}. Every path written or
 * removed is confined ({@link PathConfinement}): {@code uploads} to the content root, a part's file to its
 * upload.
 */
public final class UploadStore {

    public static final String UPLOADS = "uploads";
    private static final String INCOMING = ".incoming";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final PathConfinement root;
    private final SecureRandom random = new SecureRandom();

    /** @param root the content root */
    public UploadStore(Path root) {
        this.root = PathConfinement.under(root);
    }

    /** Starts an upload of content called {@code name} (already checked). */
    public Staging begin(String name, boolean singleFile) {
        try {
            Path uploads;
            try {
                uploads = root.resolve(List.of(UPLOADS));
            } catch (UnsafePathException e) {
                throw new ApiProblem(
                        500,
                        "Content root misconfigured",
                        "the uploads directory leads out of the content root: " + e.getMessage());
            }
            Files.createDirectories(uploads);
            while (true) {
                String id = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                        + HexFormat.of().formatHex(randomBytes());
                Path dir = uploads.resolve(id);
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                return new Staging(id, dir, name, singleFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload directory under " + root.root(), e);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    /** An upload being written; {@link #commit()} once complete, {@link #abort()} on any failure. */
    public final class Staging {
        private final String id;
        private final Path dir;
        private final Path incoming;
        private final PathConfinement inside;
        private final String name;
        private final boolean singleFile;
        private final List<ContentFile> files = new ArrayList<>();

        private Staging(String id, Path dir, String name, boolean singleFile) {
            this.id = id;
            this.dir = dir;
            this.incoming = dir.resolve(INCOMING);
            this.inside = PathConfinement.under(incoming);
            this.name = name;
            this.singleFile = singleFile;
        }

        /** The path the repository records: {@code uploads/<upload id>}. */
        public String relative() {
            return UPLOADS + "/" + id;
        }

        /**
         * Creates the file at {@code path} inside a multi-file upload (or the file of a single-file one,
         * with an empty path). A path that is already taken, or runs through a file, is a 400 problem.
         */
        public OutputStream create(List<String> path) throws IOException {
            Path file = incoming;
            if (singleFile) {
                if (!path.isEmpty()) {
                    throw new IllegalArgumentException("a single-file upload has one file");
                }
            } else {
                Files.createDirectories(incoming);
                try {
                    file = inside.resolve(path);
                } catch (UnsafePathException e) {
                    throw ApiProblem.badRequest(
                            "part path leads out of the upload: " + String.join("/", path) + ": " + e.getMessage());
                }
                try {
                    Files.createDirectories(file.getParent());
                } catch (FileAlreadyExistsException | NotDirectoryException e) {
                    throw conflict(path);
                }
            }
            try {
                OutputStream out = Files.newOutputStream(
                        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                files.add(new ContentFile(singleFile ? List.of(name) : path, file, 0));
                return out;
            } catch (FileAlreadyExistsException | NotDirectoryException e) {
                throw conflict(path);
            }
        }

        private ApiProblem conflict(List<String> path) {
            return ApiProblem.badRequest("two parts conflict at '" + String.join("/", path)
                    + "': each file path must be given once, and no file may also be a directory");
        }

        /** Moves the complete upload into place and describes it as content to hash, in torrent order. */
        public ScannedContent commit() throws IOException {
            Path location = dir.resolve(name);
            Files.move(incoming, location, StandardCopyOption.ATOMIC_MOVE);
            List<ContentFile> moved = new ArrayList<>(files.size());
            for (ContentFile f : files) {
                Path at = location.resolve(incoming.relativize(f.location()).toString());
                moved.add(new ContentFile(f.path(), at, Files.size(at)));
            }
            moved.sort((a, b) -> MetainfoBuilder.FILE_TREE_ORDER.compare(a.path(), b.path()));
            return new ScannedContent(name, location, singleFile, moved);
        }

        /** Removes everything this upload wrote. */
        public void abort() {
            deleteTree(dir);
        }
    }

    /** Removes {@code uploads/<upload id>}; a path that is not one, or is not confined to the root, is ignored. */
    public void delete(String relative) {
        if (relative == null || !relative.matches(UPLOADS + "/[0-9]{8}-[0-9]{6}-[0-9a-f]{16}")) {
            return;
        }
        try {
            deleteTree(root.resolve(relative));
        } catch (UnsafePathException e) {
            // leads out of the content root: nothing of ours is there
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove upload " + dir, e);
        }
    }
}
