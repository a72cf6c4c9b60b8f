package io.bitquark.seeder.storage;

import static io.bitquark.seeder.storage.TestTorrents.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHandlesTest {

    @TempDir
    Path dir;

    private final AtomicInteger opens = new AtomicInteger();
    private final FileHandles.Opener opener = path -> {
        opens.incrementAndGet();
        return FileChannel.open(path, StandardOpenOption.READ);
    };
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    private List<Path> files(int count, int length) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(dir.resolve("f" + i));
            write(files.get(i), length, i);
        }
        return files;
    }

    /** File descriptors this process really has open on files under the test directory (Linux /proc). */
    private long descriptorsOpenUnderDir() throws IOException {
        Path real = dir.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).startsWith(real);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    private void touch(FileHandles handles, Path file) throws IOException {
        try (FileHandles.Lease lease = handles.acquire(file, opener)) {
            assertThat(lease.channel().isOpen()).isTrue();
        }
    }

    @Test
    void keepsAtMostTheLimitOpenAndClosesTheLeastRecentlyUsedFirst() throws IOException {
        List<Path> f = files(5, 10);
        FileHandles handles = new FileHandles(3);

        touch(handles, f.get(0));
        touch(handles, f.get(1));
        touch(handles, f.get(2));
        touch(handles, f.get(0));
        assertThat(opens).as("f0 was still open").hasValue(3);
        touch(handles, f.get(3));
        assertThat(descriptorsOpenUnderDir()).isEqualTo(3);
        touch(handles, f.get(0));
        touch(handles, f.get(2));
        assertThat(opens).as("f1, the least recently used, made room for f3").hasValue(4);
        touch(handles, f.get(1));
        assertThat(opens).hasValue(5);

        assertThat(handles.openFiles()).isEqualTo(3);
        assertThat(descriptorsOpenUnderDir()).isEqualTo(3);
        handles.close();
        assertThat(descriptorsOpenUnderDir()).isZero();
    }

    @Test
    void concurrentReadersStayWithinTheLimitAndEachReadsItsOwnFile() throws Exception {
        int length = 4096;
        List<Path> f = files(12, length);
        List<byte[]> contents = new ArrayList<>();
        for (Path p : f) {
            contents.add(Files.readAllBytes(p));
        }
        FileHandles handles = new FileHandles(3);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger mostSeen = new AtomicInteger();
        Future<?> watcher = pool.submit(() -> {
            while (reading.get()) {
                mostSeen.accumulateAndGet((int) descriptorsOpenUnderDir(), Math::max);
            }
            return null;
        });

        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Random random = new Random(t);
            readers.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    int file = random.nextInt(f.size());
                    int at = random.nextInt(length - 100);
                    ByteBuffer dst = ByteBuffer.allocate(100);
                    try (FileHandles.Lease lease = handles.acquire(f.get(file), opener)) {
                        assertThat(handles.openFiles()).isLessThanOrEqualTo(3);
                        lease.channel().read(dst, at);
                    }
                    assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(contents.get(file), at, at + 100));
                }
                return null;
            }));
        }
        for (Future<?> r : readers) {
            r.get(1, TimeUnit.MINUTES);
        }
        reading.set(false);
        watcher.get(1, TimeUnit.MINUTES);

        assertThat(mostSeen.get()).isBetween(1, 3);
        assertThat(opens.get()).as("files were closed and opened again").isGreaterThan(12);
        handles.close();
        assertThat(descriptorsOpenUnderDir()).isZero();
    }

    @Test
    void aChannelHeldByAReaderIsNeverClosedUnderIt() throws Exception {
        List<Path> f = files(2, 100);
        FileHandles handles = new FileHandles(1);
        FileHandles.Lease held = handles.acquire(f.get(0), opener);
        Thread[] waiter = new Thread[1];

        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> {
                    waiter[0] = Thread.currentThread();
                    try {
                        touch(handles, f.get(1));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                pool);
        await().atMost(1, TimeUnit.MINUTES)
                .until(() -> waiter[0] != null && waiter[0].getState() == Thread.State.WAITING);

        assertThat(second).isNotDone();
        assertThat(held.channel().read(ByteBuffer.allocate(100), 0)).isEqualTo(100);
        FileChannel channel = held.channel();
        held.close();
        second.get(1, TimeUnit.MINUTES);
        assertThat(channel.isOpen()).as("closed once released, to make room").isFalse();
        assertThat(handles.openFiles()).isEqualTo(1);
    }

    @Test
    void anInvalidatedChannelClosesWhenItsLastReaderReleasesIt() throws Exception {
        Path file = files(1, 100).get(0);
        FileHandles handles = new FileHandles(2);
        FileHandles.Lease held = handles.acquire(file, opener);
        FileChannel old = held.channel();

        handles.invalidate(file);
        assertThat(old.isOpen()).isTrue();
        touch(handles, file);
        assertThat(opens).as("the next reader opens the file again").hasValue(2);
        held.close();

        assertThat(old.isOpen()).isFalse();
        assertThat(handles.openFiles()).isEqualTo(1);
    }

    @Test
    void aFailedOpenFreesItsSlot() throws Exception {
        Path file = files(1, 100).get(0);
        FileHandles handles = new FileHandles(1);

        assertThrows(NoSuchFileException.class, () -> handles.acquire(dir.resolve("missing"), opener));

        assertThat(handles.openFiles()).isZero();
        touch(handles, file);
    }

    @Test
    void readersRacingAFailedOpenAllGetItsFailure() throws Exception {
        Path missing = dir.resolve("missing");
        FileHandles handles = new FileHandles(2);
        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            readers.add(pool.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    assertThrows(NoSuchFileException.class, () -> handles.acquire(missing, opener));
                }
                return null;
            }));
        }
        for (Future<?> r : readers) {
            r.get(1, TimeUnit.MINUTES);
        }

        assertThat(handles.openFiles()).isZero();
    }

    @Test
    void readersOfOneFileShareOneChannel() throws Exception {
        Path file = files(1, 100).get(0);
        FileHandles handles = new FileHandles(1);
        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            readers.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    touch(handles, file);
                }
                return null;
            }));
        }
        for (Future<?> r : readers) {
            r.get(1, TimeUnit.MINUTES);
        }

        assertThat(opens).hasValue(1);
    }

    @Test
    void aChannelClosedByAnInterruptedReaderIsReplacedForTheNext() throws Exception {
        Path file = files(1, 100).get(0);
        FileHandles handles = new FileHandles(1);
        try (FileHandles.Lease lease = handles.acquire(file, opener)) {
            lease.channel().close();
        }

        touch(handles, file);

        assertThat(opens).hasValue(2);
        assertThat(handles.openFiles()).isEqualTo(1);
    }
}
