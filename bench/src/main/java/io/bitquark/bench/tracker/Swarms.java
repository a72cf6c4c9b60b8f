package io.bitquark.bench.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's swarms, read from a file of 40-hex info-hashes (one a line, the same file that is
 * opentracker's whitelist), and how announces spread over them: uniformly, or by a Zipf law of exponent
 * {@code s} where the swarm of rank k gets a share proportional to 1/k^s (s = 1 over 1000 swarms: the top
 * 10 get 39 % of announces, the top 100 get 69 %).
 */
final class Swarms {

    private final List<byte[]> infoHashes;
    private final double[] cumulative;

    private Swarms(List<byte[]> infoHashes, double zipfExponent) {
        this.infoHashes = infoHashes;
        this.cumulative = new double[infoHashes.size()];
        double sum = 0;
        for (int k = 0; k < cumulative.length; k++) {
            sum += zipfExponent == 0 ? 1 : 1 / Math.pow(k + 1, zipfExponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < cumulative.length; k++) {
            cumulative[k] /= sum;
        }
    }

    static Swarms read(Path file, double zipfExponent) throws IOException {
        List<byte[]> hashes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String hex = line.strip();
            if (!hex.isEmpty()) {
                if (hex.length() != 40) {
                    throw new IllegalArgumentException("not a 40-hex info-hash in " + file + ": " + hex);
                }
                hashes.add(HexFormat.of().parseHex(hex));
            }
        }
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("no info-hash in " + file);
        }
        return new Swarms(List.copyOf(hashes), zipfExponent);
    }

    int size() {
        return infoHashes.size();
    }

    byte[] infoHash(int swarm) {
        return infoHashes.get(swarm);
    }

    /** A swarm index drawn from the distribution. */
    int pick(SplittableRandom random) {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
