package io.bitquark.protocol.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.bencode.BDictionary;
import io.bitquark.protocol.bencode.BInteger;
import io.bitquark.protocol.bencode.BList;
import io.bitquark.protocol.bencode.BString;
import io.bitquark.protocol.bencode.BValue;
import io.bitquark.protocol.hash.MerkleTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Property-style round trips over generated torrents, each run from a fixed seed. */
class MetainfoRoundTripTest {

    private static final int RUNS = 150;
    private static final String NAME_CHARS = "abcxyzABC019 ._-éü";

    /** A generated torrent and what went into it. */
    private record Generated(Metainfo metainfo, List<List<String>> paths, List<Long> lengths) {}

    @Test
    void decodingAnEncodedTorrentGivesItBack() throws Exception {
        Random random = new Random(0x5eed_0001L);
        for (int run = 0; run < RUNS; run++) {
            Generated g = generate(random);
            Metainfo x = g.metainfo();

            Metainfo y = MetainfoParser.lenient().parse(x.encode());

            assertThat(y).as("run %d", run).isEqualTo(x);
            assertThat(y.encode()).isEqualTo(x.encode());
            assertThat(y.infoHashV1()).isEqualTo(x.infoHashV1());
            assertThat(y.infoHashV2()).isEqualTo(x.infoHashV2());
            assertThat(y.version()).isEqualTo(x.version());
            assertThat(y.name()).isEqualTo(x.name());
            assertThat(y.files()).isEqualTo(x.files());
            assertThat(y.totalSize()).isEqualTo(x.totalSize());
            assertThat(y.pieceCount()).isEqualTo(x.pieceCount());
            assertThat(y.pieces().orElse(null)).isEqualTo(x.pieces().orElse(null));
            assertThat(y.announceTiers()).isEqualTo(x.announceTiers());
            assertThat(y.webSeeds()).isEqualTo(x.webSeeds());
            assertThat(y.httpSeeds()).isEqualTo(x.httpSeeds());
            assertThat(y.isPrivate()).isEqualTo(x.isPrivate());
            assertThat(y.source()).isEqualTo(x.source());
            assertThat(y.comment()).isEqualTo(x.comment());
            assertThat(y.creationDate()).isEqualTo(x.creationDate());
            assertThat(y.hasAllPieceLayers()).isTrue();
            assertThat(y.warnings()).isEmpty();
        }
    }

    @Test
    void theParsedModelDescribesTheFilesThatWereBuilt() throws Exception {
        Random random = new Random(0x5eed_0002L);
        for (int run = 0; run < RUNS; run++) {
            Generated g = generate(random);
            Metainfo m = g.metainfo();
            List<TorrentFile> payload =
                    m.files().stream().filter(f -> !f.isPadding()).toList();

            assertThat(payload).extracting(TorrentFile::path).isEqualTo(g.paths());
            assertThat(payload).extracting(TorrentFile::length).isEqualTo(g.lengths());
            long offset = 0;
            for (TorrentFile f : m.files()) {
                assertThat(f.offset()).isEqualTo(offset);
                offset += f.length();
                if (m.version().hasV2() && !f.isPadding() && f.length() > 0) {
                    assertThat(f.offset() % m.pieceLength()).isZero();
                }
            }
            assertThat(m.totalSize()).isEqualTo(offset);
            assertThat(m.pieceCount()).isEqualTo((offset + m.pieceLength() - 1) / m.pieceLength());
            assertThat(m.unsafePaths()).isEmpty();
        }
    }

    @Test
    void unknownKeysSurviveAndEditsOutsideInfoKeepTheInfoHash() throws Exception {
        Random random = new Random(0x5eed_0003L);
        for (int run = 0; run < RUNS; run++) {
            Metainfo x = generate(random).metainfo();
            BValue unknown = randomValue(random, 3);
            String key = "x-" + random.nextInt(1000);

            Metainfo withUnknown =
                    MetainfoParser.lenient().parse(x.withField(key, unknown).encode());
            Metainfo edited = withUnknown
                    .withField("comment", BString.of("edited " + run))
                    .withoutField("announce");

            assertThat(withUnknown.root().get(key)).isEqualTo(unknown);
            assertThat(edited.root().get(key)).isEqualTo(unknown);
            assertThat(edited.comment()).contains("edited " + run);
            assertThat(edited.infoBytes()).isEqualTo(x.infoBytes());
            assertThat(edited.infoHashV1()).isEqualTo(x.infoHashV1());
            assertThat(edited.infoHashV2()).isEqualTo(x.infoHashV2());
        }
    }

    private static Generated generate(Random random) throws MetainfoException {
        MetaVersion version = MetaVersion.values()[random.nextInt(3)];
        long pieceLength = version == MetaVersion.V1 && random.nextBoolean()
                ? 1 + random.nextInt(70000)
                : MerkleTree.BLOCK_SIZE << random.nextInt(4);
        String name = randomName(random);
        MetainfoBuilder b =
                switch (version) {
                    case V1 -> MetainfoBuilder.v1(name, pieceLength);
                    case V2 -> MetainfoBuilder.v2(name, pieceLength);
                    case HYBRID -> MetainfoBuilder.hybrid(name, pieceLength);
                };
        List<List<String>> paths = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            long length = 1 + random.nextInt(300_000);
            b.singleFile(length, attributes(random), root(random, version, length, pieceLength, b));
            paths.add(List.of(name));
            lengths.add(length);
        } else {
            List<List<String>> generated = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                List<String> path = new ArrayList<>();
                int depth = random.nextInt(3);
                for (int d = 0; d < depth; d++) {
                    path.add("d" + random.nextInt(3) + randomName(random));
                }
                path.add("f" + i + randomName(random));
                generated.add(path);
            }
            generated.sort(MetainfoBuilder.FILE_TREE_ORDER);
            for (int i = 0; i < generated.size(); i++) {
                List<String> path = generated.get(i);
                if (i > 0 && random.nextInt(8) == 0) {
                    b.addSymlink(path, generated.get(0));
                    lengths.add(0L);
                } else {
                    long length = i == 0 ? 1 + random.nextInt(300_000) : random.nextInt(300_000);
                    b.addFile(path, length, attributes(random), root(random, version, length, pieceLength, b));
                    lengths.add(length);
                }
                paths.add(path);
            }
        }
        if (version.hasV1()) {
            byte[] pieces = new byte[(int) b.pieceCount() * 20];
            random.nextBytes(pieces);
            b.pieces(pieces);
        }
        if (random.nextBoolean()) {
            List<List<String>> tiers = new ArrayList<>();
            for (int t = 0; t < 1 + random.nextInt(3); t++) {
                List<String> tier = new ArrayList<>();
                for (int u = 0; u < 1 + random.nextInt(3); u++) {
                    tier.add("http://tracker" + t + "-" + u + ".example/announce");
                }
                tiers.add(tier);
            }
            b.announceTiers(tiers);
        }
        if (random.nextBoolean()) {
            b.webSeeds(List.of("http://seed.example/" + random.nextInt(100) + "/"));
        }
        if (random.nextBoolean()) {
            b.httpSeeds(List.of("http://hs.example/seed"));
        }
        b.privateTorrent(random.nextBoolean());
        if (random.nextBoolean()) {
            b.source("src" + random.nextInt(10));
        }
        if (random.nextBoolean()) {
            b.comment(randomName(random));
        }
        if (random.nextBoolean()) {
            b.creationDate(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE)));
        }
        return new Generated(b.build(), paths, lengths);
    }

    /** A pieces root for a v2 file; for files longer than a piece, from a random piece layer given to the builder. */
    private static byte[] root(Random random, MetaVersion version, long length, long pieceLength, MetainfoBuilder b) {
        if (!version.hasV2() || length == 0) {
            return null;
        }
        if (length <= pieceLength) {
            byte[] root = new byte[32];
            random.nextBytes(root);
            root[0] |= 1;
            return root;
        }
        byte[] layer = new byte[(int) ((length + pieceLength - 1) / pieceLength) * 32];
        random.nextBytes(layer);
        byte[] root = MerkleTree.rootFromPieceLayer(layer, (int) pieceLength);
        b.pieceLayer(root, layer);
        return root;
    }

    private static Set<FileAttribute> attributes(Random random) {
        EnumSet<FileAttribute> set = EnumSet.noneOf(FileAttribute.class);
        if (random.nextInt(4) == 0) {
            set.add(FileAttribute.EXECUTABLE);
        }
        if (random.nextInt(6) == 0) {
            set.add(FileAttribute.HIDDEN);
        }
        return set;
    }

    private static String randomName(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(8);
        for (int i = 0; i < length; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        String name = sb.toString();
        return name.equals(".") || name.equals("..") ? name + "x" : name;
    }

    private static BValue randomValue(Random random, int depth) {
        int kind = depth == 0 ? random.nextInt(2) : random.nextInt(4);
        switch (kind) {
            case 0:
                return BInteger.of(random.nextLong());
            case 1:
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                return BString.of(bytes);
            case 2:
                List<BValue> values = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    values.add(randomValue(random, depth - 1));
                }
                return BList.of(values);
            default:
                BDictionary.Builder d = BDictionary.builder();
                for (int i = 0; i < random.nextInt(4); i++) {
                    d.put("k" + random.nextInt(100), randomValue(random, depth - 1));
                }
                return d.build();
        }
    }
}
