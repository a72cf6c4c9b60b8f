package io.bitquark.protocol.peer;

import java.util.Random;

/** Random valid messages for property-style tests. */
final class PeerMessages {

    private static final int[] UNKNOWN_IDS = {10, 11, 12, 18, 19, 24, 255};

    private PeerMessages() {}

    static PeerMessage random(Random random) {
        switch (random.nextInt(21)) {
            case 0:
                return PeerMessage.KeepAlive.INSTANCE;
            case 1:
                return PeerMessage.Choke.INSTANCE;
            case 2:
                return PeerMessage.Unchoke.INSTANCE;
            case 3:
                return PeerMessage.Interested.INSTANCE;
            case 4:
                return PeerMessage.NotInterested.INSTANCE;
            case 5:
                return new PeerMessage.Have(index(random));
            case 6:
                return new PeerMessage.Bitfield(bytes(random, 300));
            case 7:
                return new PeerMessage.Request(index(random), index(random), index(random));
            case 8:
                return new PeerMessage.Piece(
                        index(random), index(random), bytes(random, FrameLimits.DEFAULT_MAX_BLOCK_LENGTH));
            case 9:
                return new PeerMessage.Cancel(index(random), index(random), index(random));
            case 10:
                return new PeerMessage.Port(random.nextInt(65536));
            case 11:
                return new PeerMessage.Suggest(index(random));
            case 12:
                return PeerMessage.HaveAll.INSTANCE;
            case 13:
                return PeerMessage.HaveNone.INSTANCE;
            case 14:
                return new PeerMessage.RejectRequest(index(random), index(random), index(random));
            case 15:
                return new PeerMessage.AllowedFast(index(random));
            case 16:
                return new PeerMessage.Extended(random.nextInt(256), bytes(random, 500));
            case 17:
                return hashRequest(random);
            case 18:
                return hashRequest(random).reject();
            case 19:
                PeerMessage.HashRequest request = hashRequest(random);
                return request.answer(exactly(random, (int) request.answerHashCount() * 32));
            default:
                return new PeerMessage.Unknown(UNKNOWN_IDS[random.nextInt(UNKNOWN_IDS.length)], bytes(random, 100));
        }
    }

    /** A request whose answer stays small: up to 64 hashes and 20 proof layers. */
    private static PeerMessage.HashRequest hashRequest(Random random) {
        byte[] root = new byte[32];
        random.nextBytes(root);
        return new PeerMessage.HashRequest(
                root, random.nextInt(20), index(random), 1 << random.nextInt(7), random.nextInt(20));
    }

    private static byte[] exactly(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static int index(Random random) {
        return random.nextBoolean() ? random.nextInt(100) : random.nextInt() & Integer.MAX_VALUE;
    }

    private static byte[] bytes(Random random, int max) {
        byte[] b = new byte[random.nextInt(max + 1)];
        random.nextBytes(b);
        return b;
    }
}
