package io.bitquark.bench;

import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.hash.PieceHashing;
import io.bitquark.protocol.hash.Segment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The CPU cost of piece hashing next to its anchors, on a file given as the first argument: for each
 * variant, wall-clock MB/s and MB per CPU-second of the whole process, best and median of several
 * rounds. Rounds are interleaved (anchor, then each variant, then the anchor again...) so an anchor and
 * its subjects see the same background load. On a machine shared with other work, wall-clock figures
 * follow the other load; MB per CPU-second does not, so it tells whether a shortfall is the hasher's own
 * overhead or contention. On one thread the calling thread does all the hashing (100 % of the CPU); on two
 * the work runs on a pool of two threads and the calling thread only waits (about 0 %).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.bitquark.bench.HashingCpuCost FILE [rounds]}
 */
public final class HashingCpuCost {

    private static final int PIECE_LENGTH = 1 << 20;

    private interface Job {
        void run() throws Exception;
    }

    /** One variant: what it runs, which anchor it is compared with, and its measured rounds. */
    private static final class Variant {
        final String label;
        final Job job;
        final Variant anchor;
        final List<double[]> rounds = new ArrayList<>();

        Variant(String label, Job job, Variant anchor) {
            this.label = label;
            this.job = job;
            this.anchor = anchor;
        }

        double best(int column) {
            return rounds.stream().mapToDouble(r -> r[column]).max().orElse(0);
        }

        double median(int column) {
            double[] sorted =
                    rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
            return sorted[sorted.length / 2];
        }
    }

    private HashingCpuCost() {}

    private static MessageDigest sha1Instance() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Best over best and median over median against the anchor, as "(x0.95/0.93)". */
    private static String ratios(Variant v, int column) {
        if (v.anchor == null) {
            return "";
        }
        return String.format(
                "(x%.2f/%.2f)", v.best(column) / v.anchor.best(column), v.median(column) / v.anchor.median(column));
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long size = Files.size(file);
        byte[] content = Files.readAllBytes(file);
        List<Segment> layout = List.of(Segment.file(file, size));
        List<Segment.FileSegment> files = List.of(Segment.file(file, size));
        PieceHashing one = PieceHashing.onCallingThread();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        PieceHashing two = PieceHashing.on(pool, 2);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] out = new byte[32];

        Map<String, Variant> variants = new LinkedHashMap<>();
        Variant sha1Anchor = new Variant(
                "anchor SHA-1, 1 core",
                () -> {
                    for (int from = 0; from < content.length; from += PIECE_LENGTH) {
                        sha1.update(content, from, Math.min(PIECE_LENGTH, content.length - from));
                        sha1.digest(out, 0, 20);
                    }
                },
                null);
        Variant sha1TwoCores = new Variant(
                "ceiling SHA-1, 2 threads",
                () -> {
                    Thread[] halves = new Thread[2];
                    int half = (content.length / 2 + PIECE_LENGTH - 1) / PIECE_LENGTH * PIECE_LENGTH;
                    for (int t = 0; t < 2; t++) {
                        int from = t * half;
                        int to = t == 0 ? Math.min(half, content.length) : content.length;
                        halves[t] = new Thread(() -> {
                            MessageDigest digest = sha1Instance();
                            for (int at = from; at < to; at += PIECE_LENGTH) {
                                digest.update(content, at, Math.min(PIECE_LENGTH, to - at));
                                digest.digest();
                            }
                        });
                        halves[t].start();
                    }
                    for (Thread t : halves) {
                        t.join();
                    }
                },
                sha1Anchor);
        Variant sha256Anchor = new Variant(
                "anchor SHA-256 16 KiB, 1 core",
                () -> {
                    for (int from = 0; from < content.length; from += MerkleTree.BLOCK_SIZE) {
                        sha256.update(content, from, Math.min(MerkleTree.BLOCK_SIZE, content.length - from));
                        sha256.digest(out, 0, 32);
                    }
                },
                null);
        for (Variant v : List.of(
                sha1Anchor,
                new Variant("v1, 1 thread", () -> one.hashV1(layout, PIECE_LENGTH), sha1Anchor),
                sha1TwoCores,
                new Variant("v1, 2 threads", () -> two.hashV1(layout, PIECE_LENGTH), sha1Anchor),
                sha256Anchor,
                new Variant("v2, 1 thread", () -> one.hashV2(files, PIECE_LENGTH), sha256Anchor),
                new Variant("v2, 2 threads", () -> two.hashV2(files, PIECE_LENGTH), sha256Anchor))) {
            variants.put(v.label, v);
        }

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        double mb = size / 1e6;
        for (Variant v : variants.values()) {
            v.job.run();
            v.job.run();
        }
        for (int r = 0; r < rounds; r++) {
            for (Variant v : variants.values()) {
                long cpu0 = os.getProcessCpuTime();
                long caller0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                v.job.run();
                double wall = (System.nanoTime() - wall0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                double caller = (threads.getCurrentThreadCpuTime() - caller0) / 1e9;
                v.rounds.add(new double[] {mb / wall, mb / cpu, Math.min(1, caller / cpu)});
            }
        }
        System.out.printf(
                "cpu-cost %-30s %-26s %-26s %s%n",
                "variant",
                "wall MB/s best, median",
                "MB per CPU-s best, median",
                "calling thread's CPU share (median)");
        for (Variant v : variants.values()) {
            System.out.printf(
                    "cpu-cost %-30s %5.0f %5.0f %-14s %5.0f %5.0f %-14s %3.0f %%%n",
                    v.label,
                    v.best(0),
                    v.median(0),
                    ratios(v, 0),
                    v.best(1),
                    v.median(1),
                    ratios(v, 1),
                    100 * v.median(2));
        }
        Variant v1One = variants.get("v1, 1 thread");
        Variant v1Two = variants.get("v1, 2 threads");
        System.out.printf(
                "cpu-cost v1 2 threads / SHA-1 ceiling on 2 threads, wall: best %.2f, median %.2f%n",
                v1Two.best(0) / sha1TwoCores.best(0), v1Two.median(0) / sha1TwoCores.median(0));
        System.out.printf(
                "cpu-cost scaling v1 2 threads / 1 thread, wall: best %.2fx, median %.2fx;"
                        + " the ceiling's own: best %.2fx, median %.2fx%n",
                v1Two.best(0) / v1One.best(0),
                v1Two.median(0) / v1One.median(0),
                sha1TwoCores.best(0) / sha1Anchor.best(0),
                sha1TwoCores.median(0) / sha1Anchor.median(0));
        System.out.println("cpu-cost " + rounds + " interleaved rounds");
        pool.shutdown();
    }
}
