package io.bitquark.bench;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.bencode.BencodeDecoder;
import io.bitquark.protocol.bencode.BencodeEncoder;
import io.bitquark.protocol.bencode.BencodeException;
import io.bitquark.protocol.bencode.Decoded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lenient decode of a large multi-file torrent (BEP 3 {@code info.files}), generated in setup: {@code files}
 * entries of 1 KiB..8 MiB under a two-level directory tree, 4 MiB pieces. Target: under 10 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BencodeDecodeBenchmark {

    private static final int PIECE_LENGTH = 4 << 20;

    @Param("10000")
    int files;

    byte[] torrent;

    @Setup
    public void generateTorrent() {
        Random random = new Random(42);
        List<BValue> entries = new ArrayList<>(files);
        long total = 0;
        for (int i = 0; i < files; i++) {
            long length = 1024 + random.nextInt(8 << 20);
            total += length;
            entries.add(BDictionary.builder()
                    .put("length", length)
                    .put(
                            "path",
                            BList.of(
                                    BString.of("disc " + (i / 500)),
                                    BString.of("chapter " + (i / 20 % 25)),
                                    BString.of("track-" + i + ".flac")))
                    .build());
        }
        byte[] pieces = new byte[(int) ((total + PIECE_LENGTH - 1) / PIECE_LENGTH) * 20];
        random.nextBytes(pieces);
        BDictionary info = BDictionary.builder()
                .put("files", BList.of(entries))
                .put("name", "bench collection")
                .put("piece length", PIECE_LENGTH)
                .put("pieces", pieces)
                .build();
        BDictionary root = BDictionary.builder()
                .put("announce", "http://tracker.invalid/announce")
                .put("created by", "bitquark-bench")
                .put("creation date", 1_700_000_000L)
                .put("info", info)
                .build();
        torrent = BencodeEncoder.encode(root);
    }

    @Benchmark
    public Decoded decodeLenient() throws BencodeException {
        return BencodeDecoder.lenient().decode(torrent);
    }
}
