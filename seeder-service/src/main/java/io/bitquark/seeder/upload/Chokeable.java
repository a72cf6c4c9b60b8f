package io.bitquark.seeder.upload;

/** A peer as a {@link Choker} sees it: whether it wants data, and whether we let it have some. */
interface Chokeable {

    /** Whether the peer told us it is interested in our pieces. */
    boolean interested();

    /** How fast the peer sends us piece data, in bytes per second (0 when it sends nothing). */
    long downloadRate();

    /** Whether we are choking the peer. */
    boolean choked();

    /** Sends {@code choke}, if the peer is not choked already. */
    void choke();

    /** Sends {@code unchoke}, if the peer is choked. */
    void unchoke();
}
