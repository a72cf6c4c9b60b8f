package io.bitquark.bench.tracker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking Redis client speaking RESP2, binary-safe, with pipelining: {@link #send} queues a
 * command, {@link #flush} writes the queue, {@link #read} takes one reply. Enough for a benchmark; an error
 * reply is thrown as an {@link IOException}.
 *
 * <pre>
 * command:  *&lt;n&gt;\r\n then n x $&lt;len&gt;\r\n&lt;bytes&gt;\r\n
 * replies:  +simple\r\n   -error\r\n   :integer\r\n   $&lt;len&gt;\r\n&lt;bytes&gt;\r\n ($-1 = nil)   *&lt;n&gt;\r\n n replies
 * </pre>
 */
final class RespConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RespConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    void send(List<byte[]> args) throws IOException {
        out.write(('*' + Integer.toString(args.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            out.write(('$' + Integer.toString(arg.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(arg);
            out.write('\r');
            out.write('\n');
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Sends one command and waits for its reply. */
    Object call(Object... args) throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        for (Object arg : args) {
            bytes.add(arg instanceof byte[] b ? b : arg.toString().getBytes(StandardCharsets.UTF_8));
        }
        send(bytes);
        flush();
        return read();
    }

    /** One reply: a String (simple), Long, byte[] (bulk, null for nil) or List of replies. */
    Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                line();
                return data;
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(0, count));
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            case -1:
                throw new EOFException("redis closed the connection");
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException("redis closed the connection");
            }
            bytes.write(b);
        }
        in.read();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
