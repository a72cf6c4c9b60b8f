package io.bitquark.protocol.storage;

/**
 * A path that {@link PathConfinement} refuses. The message names paths relative to the root only, never where
 * a symlink leads, so it can be shown to whoever sent the path; {@link #kind()} says which part of the rule
 * failed, for callers that answer differently (a broken symlink as "not found", say).
 */
public final class UnsafePathException extends Exception {

    /** Which part of the rule the path breaks. */
    public enum Kind {
        /** Unsafe as written ({@link PathSafety}): empty, absolute, {@code ..}, NUL, a separator in a component, or not a valid name on this platform. */
        UNSAFE_NAME,
        /** Normalized, not the root or below it. */
        OUTSIDE_ROOT,
        /** The real path of its nearest existing ancestor (or of itself) is outside the root's real path. */
        SYMLINK_ESCAPE,
        /** Its nearest existing ancestor, or the root, cannot be resolved: a broken symlink, a loop, no access. */
        UNRESOLVABLE
    }

    private final Kind kind;

    UnsafePathException(Kind kind, String message) {
        this(kind, message, null);
    }

    UnsafePathException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
