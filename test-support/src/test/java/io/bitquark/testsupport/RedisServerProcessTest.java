package io.bitquark.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisServerProcessTest {

    @Test
    void startsARealRedisOnAFreePortThatAnswersPing() {
        try (RedisServerProcess redis = RedisServerProcess.startOnFreePort()) {
            assertNotEquals(6379, redis.port());
            assertEquals("PONG", redis.command("PING"));
            assertEquals("OK", redis.command("SET bitquark:probe 1"));
            assertEquals("1", redis.command("GET bitquark:probe"));
        }
    }

    @Test
    void canBeStoppedAndStartedAgainOnTheSamePort() {
        try (RedisServerProcess redis = RedisServerProcess.startOnFreePort()) {
            int port = redis.port();
            redis.stop();
            assertFalse(redis.isRunning());
            assertNull(redis.command("PING"));
            redis.start();
            assertTrue(redis.isRunning());
            assertEquals(port, redis.port());
            assertEquals("PONG", redis.command("PING"));
        }
    }

    @Test
    void aMissingBinaryFailsWithAnInstallHint() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> RedisServerProcess.binary("bitquark-no-such-binary", "bitquark-no-such-package"));
        assertTrue(e.getMessage().contains("apt-get install -y bitquark-no-such-package"), e.getMessage());
    }
}
