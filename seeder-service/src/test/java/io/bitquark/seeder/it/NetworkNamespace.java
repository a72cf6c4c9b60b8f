package io.bitquark.seeder.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own, joined to the test's namespace by a veth pair: the host end has
 * {@link #hostAddress()}, the namespace's end {@link #address()}, both in a /30 of 10.213.0.0/16. Processes run in
 * it with {@link #command}. It exists for clients that refuse loopback peers (Transmission drops 127.0.0.0/8):
 * to them, a service in the test's namespace is at {@link #hostAddress()}, a LAN address. Needs root
 * ({@code ip netns}); {@link #close()} deletes the namespace and the pair.
 */
final class NetworkNamespace implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String hostLink;
    private final String hostAddress;
    private final String address;

    private NetworkNamespace(String name, String hostLink, String hostAddress, String address) {
        this.name = name;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
        this.address = address;
    }

    /** Whether this process may create namespaces: it is root and {@code ip} (iproute2) is installed. */
    static boolean available() {
        return "root".equals(System.getProperty("user.name"))
                && run(List.of("ip", "-V")).isEmpty();
    }

    /** Creates a namespace and its veth pair, with random names and a random /30, and brings both ends up. */
    static NetworkNamespace create() {
        byte[] id = new byte[3];
        RANDOM.nextBytes(id);
        String suffix = HexFormat.of().formatHex(id);
        int third = id[0] & 0xff;
        int fourth = (id[1] & 0x3f) * 4;
        String hostAddress = "10.213." + third + "." + (fourth + 1);
        String address = "10.213." + third + "." + (fourth + 2);
        NetworkNamespace ns = new NetworkNamespace("bq-" + suffix, "bqh" + suffix, hostAddress, address);
        String inner = "bqn" + suffix;
        try {
            ns.ip("netns", "add", ns.name);
            ns.ip("link", "add", ns.hostLink, "type", "veth", "peer", "name", inner);
            ns.ip("link", "set", inner, "netns", ns.name);
            ns.ip("addr", "add", hostAddress + "/30", "dev", ns.hostLink);
            ns.ip("link", "set", ns.hostLink, "up");
            ns.ip("-n", ns.name, "addr", "add", address + "/30", "dev", inner);
            ns.ip("-n", ns.name, "link", "set", inner, "up");
            ns.ip("-n", ns.name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** This end's address, as the namespace's processes reach the test's namespace. */
    String hostAddress() {
        return hostAddress;
    }

    /** The namespace's own address, as the test's namespace sees its processes. */
    String address() {
        return address;
    }

    /** {@code command}, to run inside the namespace. */
    List<String> command(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    @Override
    public void close() {
        run(List.of("ip", "link", "del", hostLink)); // deletes both ends of the pair
        run(List.of("ip", "netns", "del", name));
    }

    private void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        String failure = run(command);
        if (!failure.isEmpty()) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + failure);
        }
    }

    /** Runs a short command; returns "" on success, or its exit code and output. */
    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": " + output.strip();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
