package io.bitquark.protocol.bencode;

import java.util.List;

/** The result of a decode: the root value and the soft errors that lenient mode tolerated. */
public record Decoded(BValue root, List<SoftError> softErrors) {

    public Decoded {
        softErrors = List.copyOf(softErrors);
    }

    public boolean isCanonical() {
        return softErrors.isEmpty();
    }
}
