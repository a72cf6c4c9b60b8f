package io.bitquark.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. It keeps nothing on disk (unless extra
 * arguments turn persistence on),
 * is started by the test suite itself and never touches the shared instance on 6379.
 *
 * <p>{@link #stop()} and {@link #start()} may be called repeatedly on the same port, which is how tests
 * simulate Redis going away and coming back.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final List<String> extraArgs;
    private final Path workDir;
    private Process process;

    private RedisServerProcess(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.workDir = Files.createTempDirectory("bitquark-redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a standalone redis-server on a free port and waits until it answers PING. */
    public static RedisServerProcess startOnFreePort() {
        return startOnFreePort(List.of());
    }

    /** Starts redis-server on a free port with extra command-line arguments (e.g. cluster mode). */
    public static RedisServerProcess startOnFreePort(List<String> extraArgs) {
        RedisServerProcess server = new RedisServerProcess(FreePorts.tcp(), extraArgs);
        server.start();
        return server;
    }

    /**
     * The absolute path of an executable on PATH, or a clear failure that says which Debian package to
     * install; {@code ./bitquark test} installs missing packages when run as root.
     */
    public static String binary(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        throw new IllegalStateException(name + " was not found on PATH. Install it with 'apt-get install -y "
                + debianPackage + "' (Debian/Ubuntu), or run './bitquark test' as root, which installs it.");
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                binary("redis-server", "redis-server"),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workDir.toString(),
                "--logfile",
                workDir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start-up with " + process.exitValue() + "; see "
                        + workDir.resolve("redis.log"));
            }
            if ("PONG".equals(command("PING"))) {
                return;
            }
            sleep(20);
        }
        stop();
        throw new IllegalStateException(
                "redis-server did not answer PING on port " + port + " within " + START_TIMEOUT);
    }

    /** Stops the server; it can be started again on the same port with {@link #start()}. */
    public synchronized void stop() {
        end(false);
    }

    /**
     * A crash: SIGKILL, so that nothing is flushed or rewritten at exit (with {@code --appendonly yes} in the extra
     * arguments, what the AOF holds is what survives). It can be started again on the same port and directory.
     */
    public synchronized void kill() {
        end(true);
    }

    /** SIGTERM (SIGKILL after 10 s) or at once SIGKILL, then waits for the process to end. */
    private void end(boolean kill) {
        if (process == null) {
            return;
        }
        if (!kill) {
            process.destroy();
        }
        try {
            if (kill || !process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The connection URI for the Quarkus Redis client: {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    /**
     * Sends one inline command and returns the first reply line without its type prefix, or {@code null}
     * when the server does not answer. Enough for PING, INFO fields and CLUSTER INFO in tests.
     */
    public String command(String inline) {
        return RespProbe.command(host(), port, inline);
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(workDir);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    /** A minimal RESP exchange over a plain socket, used only to probe test servers. */
    static final class RespProbe {
        private RespProbe() {}

        static String command(String host, int port, String inline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                socket.setSoTimeout(2000);
                OutputStream out = socket.getOutputStream();
                out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                if (line.length() == 0) {
                    return null;
                }
                char type = line.charAt(0);
                if (type == '$') {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        return null;
                    }
                    byte[] body = in.readNBytes(length);
                    return new String(body, StandardCharsets.UTF_8);
                }
                return line.substring(1);
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }
    }
}
