package io.bitquark.protocol.metainfo;

import java.util.EnumSet;
import java.util.Set;

/**
 * BEP 47 file attributes, carried as the characters of a file's {@code attr} string ({@code attr: "xh"}).
 * Unknown characters are ignored.
 */
public enum FileAttribute {
    /** {@code p}: a pad file, zeros that align the next file to a piece boundary; never written to disk. */
    PAD('p'),
    /** {@code l}: a symbolic link; its target is in {@code symlink path}, relative to the torrent's root. */
    SYMLINK('l'),
    /** {@code x}: executable. */
    EXECUTABLE('x'),
    /** {@code h}: hidden. */
    HIDDEN('h');

    private final char code;

    FileAttribute(char code) {
        this.code = code;
    }

    /** The character that stands for this attribute in an {@code attr} string. */
    public char code() {
        return code;
    }

    /** The attributes named in an {@code attr} string. */
    public static EnumSet<FileAttribute> parse(String attr) {
        EnumSet<FileAttribute> set = EnumSet.noneOf(FileAttribute.class);
        for (FileAttribute a : values()) {
            if (attr.indexOf(a.code) >= 0) {
                set.add(a);
            }
        }
        return set;
    }

    /** The {@code attr} string for a set of attributes, in declaration order; empty for none. */
    public static String format(Set<FileAttribute> attributes) {
        StringBuilder sb = new StringBuilder();
        for (FileAttribute a : values()) {
            if (attributes.contains(a)) {
                sb.append(a.code);
            }
        }
        return sb.toString();
    }
}
