package io.bitquark.metainfo.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.bitquark.protocol.magnet.MagnetLink;
import io.bitquark.protocol.metainfo.Metainfo;
import io.bitquark.protocol.metainfo.MetainfoParser;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /}: the hosted torrents with working links, and the upload form. */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(FreshDirectories.class)
class IndexPageTest {

    static String page(String query) {
        return given().get("/" + query)
                .then()
                .statusCode(200)
                .contentType("text/html")
                .extract()
                .asString();
    }

    /** The values of {@code attribute} on elements whose class is {@code cssClass}, HTML entities decoded. */
    static List<String> attributes(String html, String cssClass, String attribute) {
        Matcher m = Pattern.compile("class=\"" + cssClass + "\" " + attribute + "=\"([^\"]*)\"")
                .matcher(html);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""));
        }
        return values;
    }

    static String create(String path, String name) {
        return given().contentType("application/json")
                .body("{\"path\": \"" + path + "\", \"name\": \"" + name + "\","
                        + " \"announce\": \"http://tracker.example/announce?a=1&b=2\"}")
                .post("/api/torrents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void listsAHostedTorrentWithWorkingTorrentAndMagnetLinks() throws Exception {
        ContentFixture.file("index/page.bin", 3 * 1024 * 1024 / 2, 1);
        String id = create("index/page.bin", "Page <&> \\\"one\\\".bin");
        String html = page("");

        assertThat(html).contains("Page &lt;&amp;&gt; &quot;one&quot;.bin").doesNotContain("Page <&>");
        assertThat(html).contains("1.5 MiB").contains("not-requested");
        String torrentLink = "/torrents/" + id + ".torrent";
        assertThat(attributes(html, "torrent", "href")).contains(torrentLink);
        Metainfo fetched = MetainfoParser.strict()
                .parse(given().get(torrentLink)
                        .then()
                        .statusCode(200)
                        .contentType("application/x-bittorrent")
                        .extract()
                        .asByteArray());
        assertThat(fetched.infoHashV1().orElseThrow().hex()).isEqualTo(id);

        String magnet = attributes(html, "magnet", "href").stream()
                .filter(m -> m.contains(id))
                .findFirst()
                .orElseThrow();
        MagnetLink link = MagnetLink.parse(magnet);
        assertThat(HexFormat.of().formatHex(link.infoHashV1().orElseThrow())).isEqualTo(id);
        assertThat(link.displayName()).hasValue("Page <&> \"one\".bin");
        assertThat(link.trackers()).containsExactly("http://tracker.example/announce?a=1&b=2");
    }

    @Test
    void containsTheUploadForm() {
        String html = page("");
        assertThat(html)
                .contains(
                        "<form id=\"upload\" action=\"/api/torrents/upload\" method=\"post\" enctype=\"multipart/form-data\">");
        assertThat(html).contains("<input type=\"file\" id=\"file\" name=\"file\"");
        assertThat(html).contains("<input type=\"text\" id=\"name\" name=\"name\"");
        assertThat(html).contains("id=\"announce\" name=\"announce\"");
        assertThat(html)
                .contains("<select id=\"version\" name=\"version\">")
                .contains("<option value=\"v1\" selected>")
                .contains("<option value=\"v2\">")
                .contains("<option value=\"hybrid\">");
    }

    @Test
    void listsTheNewestFirstAndPaginates() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ContentFixture.file("index/paged-" + i + ".bin", 100, 10 + i);
            ids.add(create("index/paged-" + i + ".bin", "paged-" + i + ".bin"));
            touchLater(ids.get(i), i);
        }
        String first = page("?limit=2");
        assertThat(first.indexOf("paged-2.bin")).isPositive().isLessThan(first.indexOf("paged-1.bin"));
        assertThat(first).doesNotContain("paged-0.bin").contains("rel=\"next\" href=\"/?offset=2&amp;limit=2\"");
        String second = page("?offset=2&limit=2");
        assertThat(second).contains("paged-0.bin").doesNotContain("paged-2.bin").contains("rel=\"prev\"");
    }

    /** Sets the modification time of a hosted torrent, which orders the list, without waiting on the clock. */
    static void touchLater(String id, int step) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("bitquark.metainfo.torrent-dir", String.class));
            java.nio.file.Files.setLastModifiedTime(
                    dir.resolve(id + ".torrent"),
                    java.nio.file.attribute.FileTime.fromMillis(4_000_000_000_000L + step * 1000L));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
