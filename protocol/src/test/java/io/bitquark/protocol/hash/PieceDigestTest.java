package io.bitquark.protocol.hash;

import static io.bitquark.protocol.hash.HashBytes.KIB16;
import static io.bitquark.protocol.hash.HashBytes.concat;
import static io.bitquark.protocol.hash.HashBytes.leaves;
import static io.bitquark.protocol.hash.HashBytes.random;
import static io.bitquark.protocol.hash.HashBytes.sha1;
import static io.bitquark.protocol.hash.HashBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceDigestTest {

    @Test
    void v1IsTheSha1OfThePieceWhateverTheChunking() {
        Random random = new Random(1);
        for (int round = 0; round < 30; round++) {
            byte[] piece = random(random, 1 + random.nextInt(300_000));
            PieceDigest digest = PieceDigest.v1();

            feedInRandomChunks(digest, piece, random);

            assertThat(digest.length()).isEqualTo(piece.length);
            assertThat(digest.v1Hash()).as("round %d", round).isEqualTo(sha1(piece));
        }
    }

    @Test
    void v2PieceHashIsTheRootOfTheLeavesPaddedToAPiecesWorthWhateverTheChunking() {
        Random random = new Random(2);
        for (int round = 0; round < 30; round++) {
            int pieceLength = KIB16 << random.nextInt(4);
            byte[] piece = random(random, 1 + random.nextInt(pieceLength));
            PieceDigest digest = PieceDigest.v2(pieceLength);

            feedInRandomChunks(digest, piece, random);

            assertThat(digest.v2PieceHash())
                    .as("round %d", round)
                    .isEqualTo(MerkleTree.root(leaves(piece), pieceLength / KIB16, new byte[32]));
        }
    }

    @Test
    void v2FileRootPadsTheLeavesToTheNextPowerOfTwoOnly() {
        byte[] file = random(new Random(3), 2 * KIB16 + 500);
        PieceDigest digest = PieceDigest.v2(16 * KIB16);

        digest.update(file, 0, file.length);

        byte[] h0 = sha256(Arrays.copyOfRange(file, 0, KIB16));
        byte[] h1 = sha256(Arrays.copyOfRange(file, KIB16, 2 * KIB16));
        byte[] h2 = sha256(Arrays.copyOfRange(file, 2 * KIB16, file.length));
        assertThat(digest.v2FileRoot())
                .isEqualTo(sha256(concat(sha256(concat(h0, h1)), sha256(concat(h2, new byte[32])))));
    }

    @Test
    void aFileShorterThanABlockHasTheSha256OfItsBytesAsItsRoot() {
        byte[] file = "hello merkle".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        PieceDigest digest = PieceDigest.v2(4 * KIB16);

        digest.update(ByteBuffer.wrap(file));

        assertThat(digest.v2FileRoot()).isEqualTo(sha256(file));
    }

    @Test
    void aHybridDigestHashesPadBytesForV1AndLeavesThemOutOfTheV2Tree() {
        int pieceLength = 4 * KIB16;
        byte[] data = random(new Random(4), KIB16 + 300);
        byte[] piece = Arrays.copyOf(data, pieceLength);
        PieceDigest digest = PieceDigest.hybrid(pieceLength).reset(data.length);

        feedInRandomChunks(digest, piece, new Random(5));

        assertThat(digest.v1Hash()).isEqualTo(sha1(piece));
        assertThat(digest.v2PieceHash()).isEqualTo(MerkleTree.root(leaves(data), 4, new byte[32]));
    }

    @Test
    void theLargestV2PieceNeedsNoMoreThanItsFewBlocksFed() {
        int pieceLength = 1 << 30;
        byte[] data = random(new Random(6), 3 * KIB16);
        PieceDigest digest = PieceDigest.v2(pieceLength);

        digest.update(ByteBuffer.allocateDirect(data.length).put(data).flip());

        assertThat(digest.v2PieceHash()).isEqualTo(MerkleTree.root(leaves(data), pieceLength / KIB16, new byte[32]));
    }

    @Test
    void resetStartsTheNextPieceAfresh() {
        byte[] first = random(new Random(7), 40_000);
        byte[] second = random(new Random(8), 20_000);
        PieceDigest digest = PieceDigest.hybrid(4 * KIB16);
        digest.update(first, 0, first.length);
        digest.v1Hash();
        digest.v2PieceHash();

        digest.reset().update(second, 0, second.length);

        assertThat(digest.length()).isEqualTo(second.length);
        assertThat(digest.v1Hash()).isEqualTo(sha1(second));
        assertThat(digest.v2FileRoot()).isEqualTo(MerkleTree.root(leaves(second), 2, new byte[32]));
    }

    @Test
    void refusesBytesAfterItsHashWasTakenAndAHashTakenTwice() {
        PieceDigest digest = PieceDigest.v1();
        digest.update(new byte[10], 0, 10);
        digest.v1Hash();

        assertThrows(IllegalStateException.class, () -> digest.update(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, digest::v1Hash);
        assertThrows(IllegalStateException.class, digest::v2PieceHash);
    }

    @Test
    void refusesMoreThanOnePieceOfDataForV2() {
        PieceDigest digest = PieceDigest.v2(KIB16);
        digest.update(new byte[KIB16], 0, KIB16);

        assertThrows(IllegalStateException.class, () -> digest.update(new byte[1], 0, 1));
    }

    @Test
    void refusesAV2PieceLengthThatIsNotAPowerOfTwoOfAtLeast16KiB() {
        assertThrows(IllegalArgumentException.class, () -> PieceDigest.v2(8 * 1024));
        assertThrows(IllegalArgumentException.class, () -> PieceDigest.hybrid(3 * KIB16));
    }

    private static void feedInRandomChunks(PieceDigest digest, byte[] piece, Random random) {
        for (int at = 0; at < piece.length; ) {
            int n = Math.min(piece.length - at, 1 + random.nextInt(50_000));
            if (random.nextBoolean()) {
                digest.update(piece, at, n);
            } else {
                ByteBuffer direct =
                        ByteBuffer.allocateDirect(n).put(piece, at, n).flip();
                digest.update(direct);
                assertThat(direct.hasRemaining()).isFalse();
            }
            at += n;
        }
    }
}
