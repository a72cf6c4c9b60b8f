package io.bitquark.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BEP 52 hash requests over a file's merkle tree: what is answered, with which proof, and how it is checked. */
class PieceLayerTreeTest {

    /** 2 blocks a piece: the piece layer is layer 1. */
    private static final int PIECE_LENGTH = 2 * HashBytes.KIB16;
    /** 8 pieces, the last one 100 bytes short: 16 blocks, the root at layer 4. */
    private static final byte[] FILE = HashBytes.random(new Random(52), 8 * PIECE_LENGTH - 100);

    private static byte[] pieceLayer(byte[] file) {
        byte[][] pieces = new byte[(file.length + PIECE_LENGTH - 1) / PIECE_LENGTH][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = HashBytes.rootOverBlocks(
                    Arrays.copyOfRange(file, i * PIECE_LENGTH, Math.min(file.length, (i + 1) * PIECE_LENGTH)));
        }
        return HashBytes.concat(pieces);
    }

    private static byte[] hash(byte[] layer, int index) {
        return Arrays.copyOfRange(layer, index * 32, index * 32 + 32);
    }

    private static byte[] parent(byte[] left, byte[] right) {
        return HashBytes.sha256(HashBytes.concat(left, right));
    }

    private final byte[] layer = pieceLayer(FILE);
    private final PieceLayerTree tree = PieceLayerTree.of(layer, PIECE_LENGTH);
    private final byte[] root = HashBytes.rootOverBlocks(FILE);

    @Test
    void theTreeOverThePieceLayerEndsInThePiecesRootOfTheFile() {
        assertThat(tree.root()).isEqualTo(root);
        assertThat(tree.rootLayer()).isEqualTo(4).isEqualTo(PieceLayerTree.rootLayer(FILE.length));
        assertThat(PieceLayerTree.piecesLayerIndex(PIECE_LENGTH)).isEqualTo(1);
    }

    @Test
    void theWholePieceLayerNeedsNoProof() {
        byte[] answer = tree.answer(1, 0, 8, 0).orElseThrow();

        assertThat(answer).isEqualTo(layer);
        assertThat(PieceLayerTree.verify(root, FILE.length, 1, 0, 8, 0, answer)).contains(layer);
    }

    @Test
    void aRangeComesWithTheSiblingsOfItsSubtreeAndItsAncestorsBottomUp() {
        // pieces 2 and 3: their subtree is node (layer 2, 1); its sibling h(p0|p1), then the right half's root
        byte[] answer = tree.answer(1, 2, 2, 2).orElseThrow();

        byte[] left = parent(hash(layer, 0), hash(layer, 1));
        byte[] right = parent(parent(hash(layer, 4), hash(layer, 5)), parent(hash(layer, 6), hash(layer, 7)));
        assertThat(answer).isEqualTo(HashBytes.concat(hash(layer, 2), hash(layer, 3), left, right));
        assertThat(PieceLayerTree.verify(root, FILE.length, 1, 2, 2, 2, answer))
                .contains(Arrays.copyOfRange(layer, 64, 128));
    }

    @Test
    void aHigherBaseLayerIsComputedFromThePieceLayer() {
        byte[] answer = tree.answer(2, 0, 4, 1).orElseThrow();

        assertThat(Arrays.copyOf(answer, 32)).isEqualTo(parent(hash(layer, 0), hash(layer, 1)));
        assertThat(PieceLayerTree.verify(root, FILE.length, 2, 0, 4, 1, answer)).isPresent();
    }

    @Test
    void positionsPastTheLastPieceHoldTheHashOfAnAllZeroPiece() {
        byte[] fivePieces = Arrays.copyOf(layer, 5 * 32);
        PieceLayerTree padded = PieceLayerTree.of(fivePieces, PIECE_LENGTH);
        byte[] answer = padded.answer(1, 4, 4, 0).orElseThrow();

        assertThat(hash(answer, 1)).isEqualTo(MerkleTree.padHash(1));
        assertThat(padded.root()).isEqualTo(MerkleTree.rootFromPieceLayer(fivePieces, PIECE_LENGTH));
    }

    @Test
    void anyChangedHashFailsTheProof() {
        byte[] answer = tree.answer(1, 2, 2, 2).orElseThrow();
        for (int h = 0; h < answer.length / 32; h++) {
            byte[] tampered = answer.clone();
            tampered[h * 32 + 7] ^= 1;
            assertThat(PieceLayerTree.verify(root, FILE.length, 1, 2, 2, 2, tampered))
                    .as("hash %d changed", h)
                    .isEmpty();
        }
    }

    @Test
    void aProofThatStopsShortOfTheRootOrHasTheWrongCountIsNotAccepted() {
        byte[] shortProof = tree.answer(1, 2, 2, 1).orElseThrow();
        assertThat(PieceLayerTree.verify(root, FILE.length, 1, 2, 2, 1, shortProof))
                .isEmpty();
        byte[] answer = tree.answer(1, 2, 2, 2).orElseThrow();
        assertThat(PieceLayerTree.verify(root, FILE.length, 1, 2, 2, 2, Arrays.copyOf(answer, 96)))
                .isEmpty();
        assertThat(PieceLayerTree.verify(root, FILE.length, 1, 4, 2, 2, answer)).isEmpty();
    }

    @Test
    void requestsOutsideTheRulesAreRejected() {
        assertThat(tree.answer(1, 0, 3, 2)).as("length not a power of two").isEmpty();
        assertThat(tree.answer(1, 0, 0, 2)).as("length zero").isEmpty();
        assertThat(tree.answer(1, 2, 4, 1))
                .as("index not a multiple of the length")
                .isEmpty();
        assertThat(tree.answer(1, 8, 2, 2)).as("past the layer").isEmpty();
        assertThat(tree.answer(1, 6, 4, 0)).as("running past the layer").isEmpty();
        assertThat(tree.answer(0, 0, 2, 3))
                .as("below the piece layer: block hashes are not kept")
                .isEmpty();
        assertThat(tree.answer(4, 0, 1, 0)).as("the root layer").isEmpty();
        assertThat(tree.answer(1, 0, 2, 3)).as("proof up to the root itself").isEmpty();
        assertThat(tree.answer(1, 0, 2, 2))
                .as("proof up to the layer under the root")
                .isPresent();
    }

    @Test
    void noRequestAsksForMoreThan512Hashes() {
        byte[] large = HashBytes.random(new Random(1), 2048 * 32);
        PieceLayerTree big = PieceLayerTree.of(large, PIECE_LENGTH);

        assertThat(big.answer(1, 0, 512, 10)).isPresent();
        assertThat(big.answer(1, 0, 1024, 10)).isEmpty();
    }

    @Test
    void thePieceLayerIsFetchedIn512HashRangesEachProvenToTheRoot() {
        long length = 1300L * PIECE_LENGTH - 1;

        List<PieceLayerTree.Range> ranges = PieceLayerTree.pieceLayerRanges(length, PIECE_LENGTH);

        // 1300 pieces pad to 2048: the root at layer 1 + 11; each range proven up to layer 11
        assertThat(ranges)
                .containsExactly(
                        new PieceLayerTree.Range(1, 0, 512, 10),
                        new PieceLayerTree.Range(1, 512, 512, 10),
                        new PieceLayerTree.Range(1, 1024, 512, 10));
        assertThat(PieceLayerTree.pieceLayerRanges(FILE.length, PIECE_LENGTH))
                .containsExactly(new PieceLayerTree.Range(1, 0, 8, 2));
        assertThat(PieceLayerTree.pieceLayerRanges(513L * PIECE_LENGTH, PIECE_LENGTH))
                .last()
                .isEqualTo(new PieceLayerTree.Range(1, 512, 2, 9));
        assertThatThrownBy(() -> PieceLayerTree.pieceLayerRanges(PIECE_LENGTH, PIECE_LENGTH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRangeOfThePlanIsAnsweredAndVerifies() {
        byte[] large = HashBytes.random(new Random(2), 1300 * 32);
        PieceLayerTree big = PieceLayerTree.of(large, PIECE_LENGTH);
        long length = 1300L * PIECE_LENGTH;
        byte[] bigRoot = MerkleTree.rootFromPieceLayer(large, PIECE_LENGTH);

        for (PieceLayerTree.Range r : PieceLayerTree.pieceLayerRanges(length, PIECE_LENGTH)) {
            byte[] answer = big.answer(r.baseLayer(), r.index(), r.length(), r.proofLayers())
                    .orElseThrow();
            assertThat(PieceLayerTree.verify(
                            bigRoot, length, r.baseLayer(), r.index(), r.length(), r.proofLayers(), answer))
                    .as("range from %d", r.index())
                    .isPresent();
        }
    }
}
