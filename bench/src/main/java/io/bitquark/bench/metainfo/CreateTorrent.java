package io.bitquark.bench.metainfo;

import io.bitquark.protocol.hash.HybridHashes;
import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import io.bitquark.protocol.hash.V2FileHashes;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoBuilder;
import io.bitquark.protocol.metainfo.MetainfoException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Torrent creation through the protocol library alone (what metainfo-service does without HTTP, the
 * content scanner's checks and the store): walk the content, hash it with {@link PieceHashing} on a pool of hashing threads, build and
 * encode the torrent with {@link MetainfoBuilder}. Each run is timed from the walk to the encoded bytes,
 * the same span mktorrent's and transmission-create's wall time covers (they also write a small file).
 *
 * <p>Usage, one workload repeated after a warm-up in this JVM, printing each run, best and median:
 * <pre>
 * java -cp bench/target/benchmarks.jar io.bitquark.bench.metainfo.CreateTorrent \
 *     [--warmup 2] [--runs 5] [--threads 0] v1|v2|hybrid PIECE_LENGTH PATH
 * </pre>
 * or, so that a script can interleave runs with other tools under the same load, commands on standard
 * input ({@code VERSION PIECE_LENGTH PATH}, one a line), each answered on standard output by one line
 * {@code WALL_MS CPU_MS INFO_HASH} (process CPU time; the v1 info-hash, or the v2 one of a v2 torrent):
 * <pre>
 * java -cp bench/target/benchmarks.jar io.bitquark.bench.metainfo.CreateTorrent [--threads 0] --stdin
 * </pre>
 * {@code --threads 0} (the default) hashes on one thread per available core, as metainfo-service does.
 * Files of a directory are ordered by {@link MetainfoBuilder#FILE_TREE_ORDER}, as the service orders them.
 */
public final class CreateTorrent {

    /** One timed creation. */
    record Result(double wallMillis, double cpuMillis, String infoHash, int bytes) {}

    private final PieceHashing hasher;

    private CreateTorrent(int threads) {
        int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r, "bench-hasher");
            t.setDaemon(true);
            return t;
        });
        this.hasher = PieceHashing.on(pool, count);
    }

    public static void main(String[] args) throws Exception {
        int warmup = 2;
        int runs = 5;
        int threads = 0;
        boolean stdin = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup":
                    warmup = Integer.parseInt(args[++i]);
                    break;
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                case "--stdin":
                    stdin = true;
                    break;
                default:
                    rest.add(args[i]);
            }
        }
        CreateTorrent creator = new CreateTorrent(threads);
        if (stdin) {
            creator.serve();
            return;
        }
        if (rest.size() != 3 || runs < 1) {
            System.err.println(
                    "usage: CreateTorrent [--warmup N] [--runs N] [--threads N] v1|v2|hybrid PIECE_LENGTH PATH");
            System.err.println("   or: CreateTorrent [--threads N] --stdin");
            System.exit(2);
        }
        String version = rest.get(0);
        int pieceLength = Integer.parseInt(rest.get(1));
        Path path = Path.of(rest.get(2));
        long size = totalSize(path);
        for (int i = 0; i < warmup; i++) {
            creator.timed(version, pieceLength, path);
        }
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            Result r = creator.timed(version, pieceLength, path);
            wall[i] = r.wallMillis();
            System.out.printf(
                    Locale.ROOT,
                    "run %d: %.1f ms wall, %.1f ms CPU, %.0f MB/s, info-hash %s%n",
                    i + 1,
                    r.wallMillis(),
                    r.cpuMillis(),
                    size / 1e3 / r.wallMillis(),
                    r.infoHash());
        }
        Arrays.sort(wall);
        double median = runs % 2 == 1 ? wall[runs / 2] : (wall[runs / 2 - 1] + wall[runs / 2]) / 2;
        System.out.printf(
                Locale.ROOT,
                "%s %s, %d bytes, piece length %d, %d hashing threads: best %.1f ms (%.0f MB/s), median %.1f ms (%.0f MB/s)%n",
                version,
                path,
                size,
                pieceLength,
                creator.hasher.parallelism(),
                wall[0],
                size / 1e3 / wall[0],
                median,
                size / 1e3 / median);
    }

    private void serve() throws IOException, MetainfoException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] words = line.trim().split(" ", 3);
            Result r = timed(words[0], Integer.parseInt(words[1]), Path.of(words[2]));
            System.out.printf(Locale.ROOT, "%.1f %.1f %s%n", r.wallMillis(), r.cpuMillis(), r.infoHash());
            System.out.flush();
        }
    }

    private Result timed(String version, int pieceLength, Path path) throws IOException, MetainfoException {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        Metainfo m = create(version, pieceLength, path);
        byte[] encoded = m.encode();
        long end = System.nanoTime();
        long cpuEnd = processCpuNanos();
        String hash =
                m.infoHashV1().orElseGet(() -> m.infoHashV2().orElseThrow()).hex();
        return new Result((end - start) / 1e6, (cpuEnd - cpu) / 1e6, hash, encoded.length);
    }

    private Metainfo create(String version, int pieceLength, Path path) throws IOException, MetainfoException {
        String name = path.getFileName().toString();
        boolean single = Files.isRegularFile(path);
        List<List<String>> relative = new ArrayList<>();
        List<Segment.FileSegment> segments = new ArrayList<>();
        if (single) {
            segments.add(Segment.file(path, Files.size(path)));
        } else {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
            }
            List<List<String>> walked = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            for (Path f : files) {
                order.add(order.size());
                walked.add(components(path, f));
            }
            order.sort((a, b) -> MetainfoBuilder.FILE_TREE_ORDER.compare(walked.get(a), walked.get(b)));
            for (int i : order) {
                relative.add(walked.get(i));
                segments.add(Segment.file(files.get(i), Files.size(files.get(i))));
            }
        }
        MetainfoBuilder builder;
        switch (version) {
            case "v1":
                builder = MetainfoBuilder.v1(name, pieceLength);
                if (single) {
                    builder.singleFile(segments.get(0).length());
                } else {
                    for (int i = 0; i < segments.size(); i++) {
                        builder.addFile(relative.get(i), segments.get(i).length());
                    }
                }
                builder.pieces(hasher.hashV1(segments, pieceLength));
                break;
            case "v2":
                builder = MetainfoBuilder.v2(name, pieceLength);
                addV2Files(builder, single, relative, hasher.hashV2(segments, pieceLength));
                break;
            case "hybrid":
                builder = MetainfoBuilder.hybrid(name, pieceLength);
                HybridHashes hashes = hasher.hashHybrid(segments, pieceLength);
                addV2Files(builder, single, relative, hashes.files());
                builder.pieces(hashes.v1Pieces());
                break;
            default:
                throw new IllegalArgumentException("version must be v1, v2 or hybrid: " + version);
        }
        return builder.build();
    }

    private static void addV2Files(
            MetainfoBuilder builder, boolean single, List<List<String>> relative, List<V2FileHashes> hashes) {
        for (int i = 0; i < hashes.size(); i++) {
            V2FileHashes h = hashes.get(i);
            byte[] root = h.piecesRoot().orElse(null);
            if (single) {
                builder.singleFile(h.length(), Set.of(), root);
            } else {
                builder.addFile(relative.get(i), h.length(), Set.of(), root);
            }
            if (h.hasPieceLayer()) {
                builder.pieceLayer(root, h.pieceLayer());
            }
        }
    }

    private static List<String> components(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path p : root.relativize(file)) {
            parts.add(p.toString());
        }
        return parts;
    }

    private static long totalSize(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Files.size(path);
        }
        long total = 0;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path f : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                total += Files.size(f);
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
