package io.bitquark.seeder.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which members of the seed pool hold a torrent: weighted rendezvous (highest random weight) hashing of the
 * info-hash over the live members, taking the top {@code replicas}, on distinct zones where zones are given.
 *
 * <p><b>Score.</b> For a torrent of info-hash {@code I} (its 20 raw bytes for v1, 32 for v2) and a member of id
 * {@code M} and weight {@code w}:
 *
 * <pre>
 * d     = SHA-256(I || UTF-8(M))                  I is fixed-length, so the concatenation is unambiguous
 * x     = d[0..8) as an unsigned 64-bit big-endian integer
 * h     = ((x &gt;&gt;&gt; 11) + 0.5) / 2^53              in (0, 1), exactly representable as a double
 * score = -w / ln(h)                              ln is {@link StrictMath#log}
 * </pre>
 *
 * Members are ranked by score, highest first, ties (never seen in practice) by id in {@link String} order. Since
 * {@code -ln(h)/w} is exponentially distributed with rate {@code w}, the top member is member {@code i} with
 * probability {@code w_i / Σw}: each member's share of first copies is proportional to its weight. SHA-256,
 * exact double arithmetic and {@code StrictMath} make the result the same on every JVM and every machine.
 *
 * <p><b>Zones.</b> The ranking is walked from the top, taking each member whose zone no owner has taken yet, until
 * {@code replicas} are taken. A member without a zone is its own zone: it never conflicts, so a pool without
 * zones is plain top-{@code replicas} rendezvous hashing. When fewer distinct zones than {@code replicas} are
 * live, the rest are filled with the next-ranked members whatever their zone. The top-ranked member is always an
 * owner. When {@code replicas} is at least the number of live members, every live member is an owner.
 *
 * <p><b>Why no leader.</b> The owners are a pure function of the info-hash and the live member set, so every
 * member computes them alone from what it reads of the pool, with no leader, election or consensus. Removing a
 * member changes the owners only of the torrents it held, each of which keeps its other owners and gains one;
 * adding one to {@code N} members of equal weight without zones changes the owner set of about
 * {@code replicas/(N+1)} of the torrents, each time by making the newcomer an owner. When two members briefly see different member sets (one has noticed
 * a join or a timeout, the other not yet), they may disagree on owners: each fetches the torrents it thinks it
 * owns, so a torrent may briefly have an extra copy, or a missing one until the views agree. Data is not lost
 * meanwhile, because a copy is deleted only after its new owners hold verified copies (make-before-break) and
 * the last verified copy is never deleted. The views converge within one member timeout, once every member has
 * seen the same heartbeats.
 *
 * <p>Stateless and thread-safe.
 */
public final class RendezvousPlacement {

    private static final double TWO_TO_THE_53 = 0x1p53;

    /**
     * The owners of the torrent {@code infoHash} among {@code live}, highest ranked first: {@code replicas} of
     * them, or every live member when there are no more. The order of {@code live} does not matter. A member
     * listed twice (equal records) counts once; two different members with the same id are refused, since
     * picking either would make the answer depend on the input's order.
     *
     * @param infoHash the torrent's raw v1 (20 bytes) or v2 (32 bytes) info-hash
     * @param live the members currently live, in any order; none gives no owners
     * @param replicas how many copies the torrent should have, at least 1
     * @throws IllegalArgumentException when the info-hash is neither 20 nor 32 bytes, {@code replicas} is below 1,
     *     or two different members share an id
     */
    public List<PoolMember> owners(byte[] infoHash, Collection<PoolMember> live, int replicas) {
        if (infoHash.length != 20 && infoHash.length != 32) {
            throw new IllegalArgumentException("an info-hash is 20 or 32 bytes, got " + infoHash.length);
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        List<Ranked> ranking = rank(infoHash, distinctById(live));
        int count = Math.min(replicas, ranking.size());
        boolean[] chosen = new boolean[ranking.size()];
        int taken = 0;
        Set<String> takenZones = new HashSet<>();
        for (int i = 0; i < ranking.size() && taken < count; i++) {
            PoolMember member = ranking.get(i).member();
            if (member.zone().map(takenZones::add).orElse(true)) {
                chosen[i] = true;
                taken++;
            }
        }
        for (int i = 0; i < ranking.size() && taken < count; i++) {
            if (!chosen[i]) {
                chosen[i] = true;
                taken++;
            }
        }
        List<PoolMember> owners = new ArrayList<>(count);
        for (int i = 0; i < ranking.size(); i++) {
            if (chosen[i]) {
                owners.add(ranking.get(i).member());
            }
        }
        return List.copyOf(owners);
    }

    /** The member's score for the torrent, as in the class's formula; higher ranks first. */
    static double score(byte[] infoHash, PoolMember member) {
        return score(sha256(), infoHash, member);
    }

    /** {@code h} of the class's formula: the (info-hash, member id) hash mapped into (0, 1). */
    static double unitHash(byte[] infoHash, String memberId) {
        return unitHash(sha256(), infoHash, memberId);
    }

    private static double score(MessageDigest digest, byte[] infoHash, PoolMember member) {
        return -member.weight() / StrictMath.log(unitHash(digest, infoHash, member.id()));
    }

    private static double unitHash(MessageDigest digest, byte[] infoHash, String memberId) {
        digest.update(infoHash);
        byte[] d = digest.digest(memberId.getBytes(StandardCharsets.UTF_8));
        long x = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            x = (x << 8) | (d[i] & 0xff);
        }
        return ((x >>> 11) + 0.5) / TWO_TO_THE_53;
    }

    private static Collection<PoolMember> distinctById(Collection<PoolMember> live) {
        Map<String, PoolMember> byId = new HashMap<>();
        for (PoolMember member : live) {
            PoolMember other = byId.putIfAbsent(member.id(), member);
            if (other != null && !other.equals(member)) {
                throw new IllegalArgumentException("two different members share the id " + member.id());
            }
        }
        return byId.values();
    }

    private static List<Ranked> rank(byte[] infoHash, Collection<PoolMember> members) {
        MessageDigest digest = sha256();
        List<Ranked> ranking = new ArrayList<>(members.size());
        for (PoolMember member : members) {
            ranking.add(new Ranked(member, score(digest, infoHash, member)));
        }
        ranking.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(r -> r.member()
                .id()));
        return ranking;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private record Ranked(PoolMember member, double score) {}
}
