package io.bitquark.seeder.interop;

import io.bitquark.protocol.peer.ExtendedHandshake;
import io.bitquark.protocol.peer.FrameDecoder;
import io.bitquark.protocol.peer.Handshake;
import io.bitquark.protocol.peer.PeerId;
import io.bitquark.protocol.peer.PeerMessage;
import io.bitquark.protocol.peer.PeerWireCodec;
import io.bitquark.protocol.peer.ReservedBits;
import io.bitquark.protocol.peer.UtMetadataMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer that offers a torrent's info dictionary over BEP 9 and lies: it listens on a free loopback port, answers
 * the handshake for {@code hash}, announces {@code ut_metadata} with the true {@code metadata_size}, and answers each
 * metadata request with the dictionary's piece, one byte flipped. {@link #lyingAboutHashes} sends the true dictionary
 * instead, and answers each BEP 52 hash request with as many hashes as it asks for, made up. {@link #closedAfterData}
 * completes with the number of lying answers it had sent when the other end closed the connection.
 */
final class LyingMetadataPeer implements AutoCloseable {

    private static final int OUR_UT_METADATA_ID = 3;
    private static final PeerId ID = PeerId.of("-LT2090-lyinglying12".getBytes(StandardCharsets.US_ASCII));

    private final ServerSocket listening;
    private final byte[] hash;
    private final byte[] corrupted;
    private final boolean hashes;
    private final AtomicInteger sent = new AtomicInteger();
    final CompletableFuture<Integer> closedAfterData = new CompletableFuture<>();

    LyingMetadataPeer(byte[] hash, byte[] info) throws IOException {
        this(hash, info, false);
    }

    /** A peer with the true info dictionary of a v2 torrent ({@code hash} its truncated v2 hash) and false hashes. */
    static LyingMetadataPeer lyingAboutHashes(byte[] hash, byte[] info) throws IOException {
        return new LyingMetadataPeer(hash, info, true);
    }

    private LyingMetadataPeer(byte[] hash, byte[] info, boolean hashes) throws IOException {
        this.listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.hash = hash;
        this.hashes = hashes;
        this.corrupted = info.clone();
        if (!hashes) {
            corrupted[corrupted.length / 2] ^= 0x5a;
        }
        Thread thread = new Thread(this::serve, "lying-metadata-peer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listening.getLocalPort();
    }

    private void serve() {
        try (Socket socket = listening.accept()) {
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.readNBytes(Handshake.LENGTH);
            out.write(new Handshake(ReservedBits.none().withExtensionProtocol(true), hash, ID).encode());
            out.write(PeerWireCodec.encode(ExtendedHandshake.builder()
                    .extension(UtMetadataMessage.EXTENSION_NAME, OUR_UT_METADATA_ID)
                    .metadataSize(corrupted.length)
                    .build()
                    .toMessage()));
            out.flush();
            FrameDecoder decoder = new FrameDecoder();
            int theirId = 0;
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                for (PeerMessage message : decoder.feed(chunk, 0, n)) {
                    if (hashes && message instanceof PeerMessage.HashRequest request) {
                        byte[] madeUp = new byte[(int) request.answerHashCount() * 32];
                        Arrays.fill(madeUp, (byte) 0x5a);
                        out.write(PeerWireCodec.encode(request.answer(madeUp)));
                        out.flush();
                        sent.incrementAndGet();
                        continue;
                    }
                    if (!(message instanceof PeerMessage.Extended extended)) {
                        continue;
                    }
                    if (extended.extendedId() == PeerMessage.Extended.HANDSHAKE_ID) {
                        theirId = ExtendedHandshake.decode(extended)
                                .extensionId(UtMetadataMessage.EXTENSION_NAME)
                                .orElse(0);
                    } else if (extended.extendedId() == OUR_UT_METADATA_ID) {
                        UtMetadataMessage request = UtMetadataMessage.decode(extended.payload());
                        int piece = request.piece();
                        int length = UtMetadataMessage.pieceLength(piece, corrupted.length);
                        byte[] data = new byte[length];
                        System.arraycopy(corrupted, piece * UtMetadataMessage.PIECE_LENGTH, data, 0, length);
                        out.write(PeerWireCodec.encode(UtMetadataMessage.data(piece, corrupted.length, data)
                                .toMessage(theirId)));
                        out.flush();
                        if (!hashes) {
                            sent.incrementAndGet();
                        }
                    }
                }
            }
            closedAfterData.complete(sent.get());
        } catch (Exception e) {
            // a reset after our data is a close too
            closedAfterData.complete(sent.get());
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
