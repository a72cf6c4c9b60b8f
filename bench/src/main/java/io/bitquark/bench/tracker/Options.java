package io.bitquark.bench.tracker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line options of the benchmark mains: {@code --name value} pairs, nothing else. */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args}; prints {@code usage} and exits on {@code --help} or a malformed line. */
    static Options parse(String[] args, String usage) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                fail(usage, "expected --name value, got " + arg);
            }
            values.put(arg.substring(2), args[++i]);
        }
        return new Options(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    int integer(String name, int fallback) {
        return has(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    long longValue(String name, long fallback) {
        return has(name) ? Long.parseLong(values.get(name)) : fallback;
    }

    double decimal(String name, double fallback) {
        return has(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    Path path(String name) {
        return Path.of(required(name));
    }

    private static void fail(String usage, String message) {
        System.err.println(message);
        System.err.println(usage);
        System.exit(2);
    }
}
