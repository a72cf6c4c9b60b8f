package io.bitquark.seeder.download;

import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.TorrentFile;
import io.bitquark.protocol.tracker.WebSeedUrls;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP requests that fetch one piece from one web seed ({@link WebSeedUrls} builds their URLs):
 *
 * <pre>
 * url-list  (BEP 19)   one Range request per file the piece covers; pad files and the gaps between v2 files are
 *                      zeros, never asked for; a piece over three files is three requests
 * httpseeds (BEP 17)   one request for the whole piece
 * </pre>
 */
abstract sealed class WebSeedRequests {

    /** {@code length} bytes at {@code first} of the resource at {@code url}, into the piece at {@code into}. */
    record Request(String url, long first, int length, int into, boolean whole) {

        /** Whether the request is a Range request (BEP 19); a BEP 17 request names its piece in the URL. */
        boolean ranged() {
            return first >= 0;
        }
    }

    final String url;

    private WebSeedRequests(String url) {
        this.url = url;
    }

    /** The requests that fetch piece {@code piece}, which starts at {@code start} and is {@code length} long. */
    abstract List<Request> piece(int piece, long start, int length);

    /** {@code url-list} or {@code httpseeds}, as the metainfo and the API name it. */
    abstract String type();

    /** The requests of a BEP 19 web seed of {@code torrent}. */
    static WebSeedRequests urlSeed(String url, Metainfo torrent) {
        return new UrlSeed(url, torrent);
    }

    /** The requests of a BEP 17 HTTP seed of a torrent with this v1 info-hash. */
    static WebSeedRequests httpSeed(String url, byte[] infoHash) {
        return new HttpSeed(url, infoHash);
    }

    private static final class UrlSeed extends WebSeedRequests {
        private final List<TorrentFile> files;
        private final String[] urls;

        UrlSeed(String url, Metainfo torrent) {
            super(url);
            this.files = torrent.files();
            this.urls = new String[files.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = WebSeedUrls.file(url, torrent, files.get(i));
            }
        }

        @Override
        List<Request> piece(int piece, long start, int length) {
            long end = start + length;
            List<Request> requests = new ArrayList<>(1);
            for (int i = 0; i < urls.length; i++) {
                TorrentFile f = files.get(i);
                if (f.offset() > end) {
                    break; // files are in piece-space order
                }
                long from = Math.max(start, f.offset());
                long to = Math.min(end, f.offset() + f.length());
                if (from < to && !f.isPadding() && !f.isSymlink()) {
                    requests.add(new Request(
                            urls[i],
                            from - f.offset(),
                            (int) (to - from),
                            (int) (from - start),
                            f.length() == to - from));
                }
            }
            return requests;
        }

        @Override
        String type() {
            return "url-list";
        }
    }

    private static final class HttpSeed extends WebSeedRequests {
        private final byte[] infoHash;

        HttpSeed(String url, byte[] infoHash) {
            super(url);
            this.infoHash = infoHash.clone();
        }

        @Override
        List<Request> piece(int piece, long start, int length) {
            return List.of(new Request(WebSeedUrls.piece(url, infoHash, piece), -1, length, 0, false));
        }

        @Override
        String type() {
            return "httpseeds";
        }
    }
}
