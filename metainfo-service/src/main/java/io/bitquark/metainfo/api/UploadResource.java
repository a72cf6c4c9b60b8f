package io.bitquark.metainfo.api;

import io.bitquark.metainfo.config.MetainfoConfig;
import io.bitquark.metainfo.create.ScannedContent;
import io.bitquark.metainfo.jobs.Job;
import io.bitquark.metainfo.jobs.JobService;
import io.bitquark.metainfo.upload.MultipartReader;
import io.bitquark.metainfo.upload.RequestBodyStream;
import io.bitquark.metainfo.upload.UploadHashing;
import io.bitquark.metainfo.upload.UploadOptions;
import io.bitquark.metainfo.upload.UploadPaths;
import io.bitquark.metainfo.upload.UploadStore;
import io.bitquark.protocol.hash.PieceStream;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.rest.AdminAuthorization;
import io.bitquark.rest.ApiProblem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Uploads: content sent in the request body becomes a torrent, like {@code POST /api/torrents} does with
 * content already under the root.
 *
 * <p>The body is streamed: these methods run on a worker thread and read it through a
 * {@link RequestBodyStream} (a bounded read-ahead of the connection's chunks), writing it to the upload's
 * file {@value UploadHashing#BUFFER_SIZE} bytes at a time, so memory stays bounded whatever the size.
 * Multipart bodies are split into their parts by {@link MultipartReader} as they arrive, not spooled by
 * the framework. v1 pieces are hashed as the bytes go by, on the shared hashing threads ({@link UploadHashing}) while the
 * next buffer is written, when the piece length is known in advance (given, or derived from the
 * Content-Length of a single-file upload) and files arrive in torrent order; otherwise the stored files
 * are hashed afterwards. See {@link UploadStore} for the layout on disk.
 */
@Path("/api/torrents/upload")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "torrents")
public class UploadResource {

    /** The most files a multipart upload may carry. */
    public static final int MAX_PARTS = 10_000;

    private final TorrentService torrents;
    private final JobService jobs;
    private final AdminAuthorization authorization;
    private final MetainfoConfig config;
    private final UploadStore store;
    private final UploadHashing hashing;
    private final Duration readTimeout;

    public UploadResource(
            TorrentService torrents,
            JobService jobs,
            AdminAuthorization authorization,
            MetainfoConfig config,
            UploadHashing hashing,
            @ConfigProperty(name = "quarkus.http.read-timeout", defaultValue = "60s") Duration readTimeout) {
        this.readTimeout = readTimeout;
        this.torrents = torrents;
        this.jobs = jobs;
        this.authorization = authorization;
        this.config = config;
        this.hashing = hashing;
        this.store = new UploadStore(torrents.scanner().root());
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(
            summary = "Upload one file as a single-file torrent",
            description =
                    "The body is the file; ?name= names it. 201 with the torrent (200 when already hosted), or 202 with a job. "
                            + "A body over bitquark.metainfo.max-upload-size is a 413 and leaves nothing behind.")
    public Response uploadFile(
            @Context HttpServerRequest request,
            @Context UriInfo uri,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam("Prefer") String prefer,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength) {
        InputStream body = new RequestBodyStream(request, readTimeout);
        authorization.require(auth);
        UploadOptions options = UploadOptions.of(uri.getQueryParameters(), config.defaultAnnounce());
        long expected = contentLength(contentLength);
        if (expected > config.maxUploadSize()) {
            throw tooLarge();
        }
        PieceStream hasher = options.streamingPieceLength(
                        expected, config.create().maxAutoPieceLength())
                .map(hashing::start)
                .orElse(null);
        UploadStore.Staging staging = store.begin(options.name(), true);
        ScannedContent content;
        byte[] hashed;
        try {
            long written;
            try (OutputStream out = staging.create(List.of())) {
                written = copy(body, out, 0, hasher);
            }
            if (written == 0) {
                throw ApiProblem.badRequest("the upload is empty: send the file's bytes as application/octet-stream");
            }
            hashed = hasher == null ? null : hasher.finish();
            content = staging.commit();
        } catch (IOException e) {
            staging.abort();
            throw brokenOff(e);
        } catch (RuntimeException | Error e) {
            staging.abort();
            throw e;
        }
        return hostOrQueue(staging, content, options, hasher, hashed, prefer);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Upload files as a multi-file torrent",
            description =
                    "One part per file; each part's filename (or RFC 8187 filename*) is the file's path inside the torrent, "
                            + "with '/' between directories. ?name= names the torrent. Answers as the single-file upload does.")
    public Response uploadFiles(
            @Context HttpServerRequest request,
            @Context UriInfo uri,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam("Prefer") String prefer,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        InputStream body = new RequestBodyStream(request, readTimeout);
        authorization.require(auth);
        UploadOptions options = UploadOptions.of(uri.getQueryParameters(), config.defaultAnnounce());
        String boundary = MultipartReader.boundary(contentType);
        PieceStream hasher = options.streamingPieceLength(-1, config.create().maxAutoPieceLength())
                .map(hashing::start)
                .orElse(null);
        UploadStore.Staging staging = store.begin(options.name(), false);
        ScannedContent content;
        byte[] hashed;
        try {
            MultipartReader reader = new MultipartReader(body, boundary);
            long total = 0;
            int parts = 0;
            List<String> previous = null;
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                if (++parts > MAX_PARTS) {
                    throw ApiProblem.badRequest("an upload may hold at most " + MAX_PARTS + " files");
                }
                List<String> path = UploadPaths.relativePath(filename(part, parts), "the filename of part " + parts);
                if (previous != null && MetainfoBuilder.FILE_TREE_ORDER.compare(previous, path) >= 0) {
                    hasher = null;
                }
                previous = path;
                try (OutputStream out = staging.create(path)) {
                    total += copy(part.body(), out, total, hasher);
                }
            }
            if (parts == 0) {
                throw ApiProblem.badRequest("the upload has no file part");
            }
            hashed = hasher == null ? null : hasher.finish();
            content = staging.commit();
        } catch (IOException e) {
            staging.abort();
            throw brokenOff(e);
        } catch (RuntimeException | Error e) {
            staging.abort();
            throw e;
        }
        return hostOrQueue(staging, content, options, hasher, hashed, prefer);
    }

    private static String filename(MultipartReader.Part part, int number) {
        Map<String, String> disposition = part.disposition();
        String filename = disposition.getOrDefault("filename*", disposition.get("filename"));
        if (filename == null) {
            throw ApiProblem.badRequest(
                    "part " + number + (disposition.containsKey("name") ? " ('" + disposition.get("name") + "')" : "")
                            + " is not a file: every part must carry a filename, its path in the torrent; options go in the query string");
        }
        return filename;
    }

    /** Hashes and hosts the stored upload now, or queues it as a job. */
    private Response hostOrQueue(
            UploadStore.Staging staging,
            ScannedContent content,
            UploadOptions options,
            PieceStream hasher,
            byte[] hashed,
            String prefer) {
        TorrentService.Prepared prepared;
        try {
            prepared = torrents.prepare(
                    content, options.toCreateOptions(staging.relative() + "/" + content.name()), staging.relative());
        } catch (RuntimeException e) {
            staging.abort();
            throw e;
        }
        byte[] pieces = hashed != null
                        && hasher.pieceLength() == prepared.request().pieceLength()
                        && hasher.bytes() == prepared.totalSize()
                ? hashed
                : null;
        UploadWork work = new UploadWork(prepared, pieces, staging);
        if (jobs.respondAsync(prefer, prepared.totalSize())) {
            return JobResource.accepted(jobs.submit(prepared.totalSize(), work), JobService.prefersAsync(prefer));
        }
        TorrentService.Hosted hosted = work.run(null);
        TorrentView view = TorrentView.of(hosted.torrent(), config.publicUrl());
        if (!hosted.created()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/torrents/" + hosted.torrent().id()))
                .entity(view)
                .build();
    }

    /**
     * Hashes (unless done while the body arrived) and hosts an upload. Whatever does not end with the
     * upload hosted removes it: a failure, a cancellation, or a torrent that was already hosted.
     */
    private final class UploadWork implements JobService.Work {
        private final TorrentService.Prepared prepared;
        private final byte[] pieces;
        private final UploadStore.Staging staging;

        UploadWork(TorrentService.Prepared prepared, byte[] pieces, UploadStore.Staging staging) {
            this.prepared = prepared;
            this.pieces = pieces;
            this.staging = staging;
        }

        @Override
        public TorrentService.Hosted run(Job job) {
            try {
                TorrentService.Hosted hosted;
                if (pieces != null) {
                    if (job != null) {
                        job.progress(prepared.totalSize());
                    }
                    hosted = torrents.createFromPieces(prepared, pieces);
                } else if (job != null) {
                    hosted = torrents.create(prepared, job::progress, job::cancelRequested);
                } else {
                    hosted = torrents.create(prepared, bytes -> {}, () -> false);
                }
                if (!hosted.created()) {
                    staging.abort();
                }
                return hosted;
            } catch (RuntimeException | Error e) {
                staging.abort();
                throw e;
            }
        }

        @Override
        public void discard() {
            staging.abort();
        }
    }

    /**
     * Copies a body into a file a buffer at a time, refusing to go past the upload limit; with a hasher,
     * each buffer written is handed to it, to be hashed while the next one is read and written.
     */
    private long copy(InputStream in, OutputStream out, long before, PieceStream hasher) throws IOException {
        byte[] own = hasher == null ? new byte[UploadHashing.BUFFER_SIZE] : null;
        long copied = 0;
        while (true) {
            byte[] buffer = hasher == null ? own : hasher.buffer();
            int n = fill(in, buffer);
            if (n == 0 || before + copied + n > config.maxUploadSize()) {
                if (hasher != null) {
                    hasher.giveBack(buffer);
                }
                if (n == 0) {
                    return copied;
                }
                throw tooLarge();
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the upload", e);
            }
            if (hasher != null) {
                hasher.hash(buffer, n);
            }
            copied += n;
        }
    }

    /** Reads until the buffer is full or the body ends; the bytes read (0 at the end). */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(
                413,
                "Upload too large",
                "an upload may be at most " + config.maxUploadSize() + " bytes (bitquark.metainfo.max-upload-size)");
    }

    private static ApiProblem brokenOff(IOException e) {
        return ApiProblem.badRequest("the upload broke off: " + e.getMessage());
    }

    private static long contentLength(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
