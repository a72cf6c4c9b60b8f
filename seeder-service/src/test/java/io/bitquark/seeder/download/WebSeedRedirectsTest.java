package io.bitquark.seeder.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A web seed may send us to a mirror, never into the seeder's own network: redirects stay on HTTP(S), never go down
 * from HTTPS, and lead from a public host to no local address literal.
 */
class WebSeedRedirectsTest {

    private static String refusal(String from, String to) {
        return WebSeedRedirects.refusal(URI.create(from), URI.create(from).resolve(to));
    }

    @Test
    void aRedirectToAnotherPublicMirrorIsFollowed() {
        assertThat(refusal("http://example.org/files/a.iso", "https://mirror.example.net/a.iso"))
                .isNull();
        assertThat(refusal("http://example.org/files/a.iso", "/other/a.iso")).isNull();
    }

    @Test
    void aPublicHostCannotRedirectToALocalAddress() {
        for (String local : new String[] {
            "http://127.0.0.1:6379/",
            "http://localhost:8080/q/health",
            "http://10.1.2.3/",
            "http://192.168.0.1/",
            "http://172.16.0.9/",
            "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/"
        }) {
            assertThat(refusal("http://example.org/a.iso", local))
                    .as(local)
                    .isEqualTo("redirected from a public host to a local address");
        }
    }

    @Test
    void aLocalWebSeedMayRedirectWithinLocalAddresses() {
        assertThat(refusal("http://127.0.0.1:8080/a.iso", "http://127.0.0.1:8080/b.iso"))
                .isNull();
        assertThat(refusal("http://10.0.0.5/a.iso", "http://10.0.0.6/a.iso")).isNull();
    }

    @Test
    void onlyHttpAndHttpsAreFollowedAndNeverDownFromHttps() {
        assertThat(refusal("http://example.org/a.iso", "ftp://example.org/a.iso"))
                .isEqualTo("redirected to a ftp URL: only HTTP(S) is followed");
        assertThat(refusal("http://example.org/a.iso", "file:///etc/passwd"))
                .isEqualTo("redirected to a file URL: only HTTP(S) is followed");
        assertThat(refusal("https://example.org/a.iso", "http://example.org/a.iso"))
                .isEqualTo("redirected from HTTPS to HTTP");
    }

    @Test
    void hostNamesOtherThanLocalhostAreNotLocalAddresses() {
        assertThat(WebSeedRedirects.local("localhost")).isTrue();
        assertThat(WebSeedRedirects.local("localhost.example.org")).isFalse();
        assertThat(WebSeedRedirects.local("example.org")).isFalse();
        assertThat(WebSeedRedirects.local("127.0.0.1")).isTrue();
    }
}
