package io.bitquark.tracker.announce;

import io.bitquark.tracker.swarm.AnnounceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One line per announce, as bttrack logged every request, kept off the hot path: each thread appends to
 * its own buffer under an uncontended lock, and one background thread hands the lines to the logger
 * ({@code io.bitquark.tracker.access}) every {@value #FLUSH_MILLIS} ms.
 *
 * <pre>
 * udp announce 0123…cdef 10.0.0.7:6881 started leecher peers=12
 * http announce 0123…cdef 10.0.0.7:6881 update seeder failure="tracker storage unavailable"
 * </pre>
 */
final class AccessLog implements AutoCloseable {

    static final long FLUSH_MILLIS = 200;
    private static final Logger LOG = Logger.getLogger("io.bitquark.tracker.access");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final List<StringBuilder> buffers = new ArrayList<>();
    private final ThreadLocal<StringBuilder> buffer = ThreadLocal.withInitial(this::register);
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tracker-access-log");
        t.setDaemon(true);
        return t;
    });

    AccessLog() {
        writer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized StringBuilder register() {
        StringBuilder b = new StringBuilder(16 * 1024);
        buffers.add(b);
        return b;
    }

    /** Appends the line of announce {@code i}, answered or refused with {@code failure}. */
    void announce(String protocol, AnnounceBatch batch, int i, String failure) {
        StringBuilder b = buffer.get();
        synchronized (b) {
            b.append(protocol).append(" announce ");
            byte[] hashes = batch.infoHashes();
            for (int k = AnnounceBatch.infoHashOffset(i), end = k + AnnounceBatch.INFO_HASH_LENGTH; k < end; k++) {
                b.append(HEX[(hashes[k] >> 4) & 0xf]).append(HEX[hashes[k] & 0xf]);
            }
            b.append(' ');
            appendEndpoint(b, batch.endpoints(), AnnounceBatch.endpointOffset(i), batch.endpointLength(i));
            b.append(' ')
                    .append(batch.event(i).name().toLowerCase())
                    .append(batch.isSeeder(i) ? " seeder" : " leecher");
            if (failure != null) {
                b.append(" failure=\"").append(failure).append('"');
            } else {
                b.append(" peers=").append(batch.ipv4Peers(i) + batch.ipv6Peers(i));
            }
            b.append('\n');
        }
    }

    static void appendEndpoint(StringBuilder b, byte[] endpoint, int at, int length) {
        if (length == 6) {
            for (int k = 0; k < 4; k++) {
                b.append(k == 0 ? "" : ".").append(endpoint[at + k] & 0xff);
            }
        } else {
            b.append('[');
            for (int k = 0; k < 16; k += 2) {
                b.append(k == 0 ? "" : ":")
                        .append(Integer.toHexString(((endpoint[at + k] & 0xff) << 8) | (endpoint[at + k + 1] & 0xff)));
            }
            b.append(']');
        }
        b.append(':').append(((endpoint[at + length - 2] & 0xff) << 8) | (endpoint[at + length - 1] & 0xff));
    }

    /** Hands every buffered line to the logger. */
    void flush() {
        List<StringBuilder> all;
        synchronized (this) {
            all = new ArrayList<>(buffers);
        }
        for (StringBuilder b : all) {
            String lines;
            synchronized (b) {
                if (b.length() == 0) {
                    continue;
                }
                lines = b.toString();
                b.setLength(0);
            }
            int from = 0;
            for (int nl = lines.indexOf('\n'); nl >= 0; nl = lines.indexOf('\n', from)) {
                LOG.info(lines.substring(from, nl));
                from = nl + 1;
            }
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        flush();
    }
}
