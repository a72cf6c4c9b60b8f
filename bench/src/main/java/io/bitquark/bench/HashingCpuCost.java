package io.bitquark.bench;

import io.bitquark.protocol.hash.MerkleTree;
import io.bitquark.protocol.hash.PieceHasher;
import io.bitquark.protocol.hash.Segment;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The CPU cost of piece hashing next to its anchors, on a file given as the first argument: for each
 * variant, the best of several rounds in wall-clock MB/s and in MB per CPU-second of the whole process.
 * On a machine shared with other work, wall-clock figures follow the other load; MB per CPU-second
 * does not, so it tells whether a shortfall is the hasher's own overhead or contention. The share of
 * CPU spent on the calling thread is the hasher's reading side.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.bitquark.bench.HashingCpuCost FILE [rounds]}
 */
public final class HashingCpuCost {

    private static final int PIECE_LENGTH = 1 << 20;

    private interface Job {
        void run() throws Exception;
    }

    private HashingCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long size = Files.size(file);
        byte[] content = Files.readAllBytes(file);
        List<Segment> layout = List.of(Segment.file(file, size));
        List<Segment.FileSegment> files = List.of(Segment.file(file, size));
        PieceHasher one = PieceHasher.builder().threads(1).build();
        PieceHasher two = PieceHasher.builder().threads(2).build();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] out = new byte[32];

        double[] sha1Anchor = measure("anchor SHA-1, 1 core", size, rounds, () -> {
            for (int from = 0; from < content.length; from += PIECE_LENGTH) {
                sha1.update(content, from, Math.min(PIECE_LENGTH, content.length - from));
                sha1.digest(out, 0, 20);
            }
        }, null);
        measure("v1, 1 thread", size, rounds, () -> one.hashV1(layout, PIECE_LENGTH), sha1Anchor);
        measure("v1, 2 threads", size, rounds, () -> two.hashV1(layout, PIECE_LENGTH), sha1Anchor);
        double[] sha256Anchor = measure("anchor SHA-256 16 KiB, 1 core", size, rounds, () -> {
            for (int from = 0; from < content.length; from += MerkleTree.BLOCK_SIZE) {
                sha256.update(content, from, Math.min(MerkleTree.BLOCK_SIZE, content.length - from));
                sha256.digest(out, 0, 32);
            }
        }, null);
        measure("v2, 1 thread", size, rounds, () -> one.hashV2(files, PIECE_LENGTH), sha256Anchor);
        measure("v2, 2 threads", size, rounds, () -> two.hashV2(files, PIECE_LENGTH), sha256Anchor);
    }

    private static double[] measure(String label, long size, int rounds, Job job, double[] anchor) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double mb = size / 1e6;
        job.run();
        job.run();
        double bestWall = 0;
        double bestCpu = 0;
        double callerCpuShare = 1;
        var threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            long cpu0 = os.getProcessCpuTime();
            long caller0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            job.run();
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            callerCpuShare = Math.min(callerCpuShare, (threads.getCurrentThreadCpuTime() - caller0) / 1e9 / cpu);
            bestWall = Math.max(bestWall, mb / wall);
            bestCpu = Math.max(bestCpu, mb / cpu);
        }
        String ratio = anchor == null ? "" : String.format("   CPU efficiency vs anchor %.2f", bestCpu / anchor[1]);
        System.out.printf("cpu-cost %-30s %7.0f MB/s wall %7.0f MB per CPU-second, calling thread %2.0f%% of CPU%s%n",
                label, bestWall, bestCpu, 100 * callerCpuShare, ratio);
        return new double[] {bestWall, bestCpu};
    }
}
