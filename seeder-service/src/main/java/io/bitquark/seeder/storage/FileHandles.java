package io.bitquark.seeder.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read-only file channels of every torrent, shared by all reader and checker threads, at most
 * {@code maxOpen} open at once. A channel stays open while any reader holds a {@link Lease} on it; the least
 * recently used one that no reader holds is closed to make room. When every open channel is held, a new
 * {@link #acquire} waits until a reader releases one: each reader holds one lease at a time, so that always
 * happens.
 *
 * <p>Channels are keyed by path. Files are opened outside the lock, so a slow open delays only the readers
 * of that file. A channel that was closed under its readers (the JDK closes a channel when a thread blocked
 * in it is interrupted) is replaced on the next acquire.
 */
public final class FileHandles implements Closeable {

    /** Opens a file for reading; called outside the lock, at most once at a time per path. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    private final int maxOpen;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Access-ordered: iteration starts at the least recently used. */
    private final LinkedHashMap<Path, Handle> handles = new LinkedHashMap<>(16, 0.75f, true);
    /** Channels open or being opened, the retired ones still held by readers included. */
    private int live;

    private boolean closed;

    public FileHandles(int maxOpen) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("at least one file must be allowed open: " + maxOpen);
        }
        this.maxOpen = maxOpen;
    }

    public int maxOpen() {
        return maxOpen;
    }

    /** Channels open (or being opened) now. */
    public int openFiles() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A lease on the channel of {@code path}, opened with {@code opener} unless already open. Close the lease
     * when the read is done, and hold no other lease meanwhile.
     *
     * @throws InterruptedIOException when interrupted while waiting for a free slot
     */
    public Lease acquire(Path path, Opener opener) throws IOException {
        List<FileChannel> toClose = new ArrayList<>(1);
        Handle handle;
        boolean opening = false;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("file handles are closed");
                }
                handle = handles.get(path);
                if (handle != null && handle.closedUnderReaders()) {
                    retire(handle, toClose);
                    handle = null;
                }
                if (handle != null) {
                    handle.refs++;
                    break;
                }
                if (live < maxOpen || evictIdle(toClose)) {
                    handle = new Handle(path);
                    handle.refs = 1;
                    handles.put(path, handle);
                    live++;
                    opening = true;
                    break;
                }
                released.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a free file handle for " + path);
        } finally {
            lock.unlock();
            closeAll(toClose);
        }
        if (opening) {
            open(handle, opener);
        }
        try {
            handle.channel();
        } catch (IOException | RuntimeException e) {
            release(handle);
            throw e;
        }
        return new Lease(handle);
    }

    private void open(Handle handle, Opener opener) {
        try {
            handle.future.complete(opener.open(handle.path));
        } catch (IOException | RuntimeException | Error e) {
            handle.future.completeExceptionally(e);
            lock.lock();
            try {
                handles.remove(handle.path, handle);
                handle.retired = true;
                handle.opened = false;
                live--;
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Forgets the channel of {@code path}: it is closed now when no reader holds it, otherwise when the
     * last one releases it; the next acquire opens the file again (after it was replaced on disk).
     */
    public void invalidate(Path path) {
        List<FileChannel> toClose = new ArrayList<>(1);
        lock.lock();
        try {
            Handle handle = handles.get(path);
            if (handle != null && !handle.retired) {
                retire(handle, toClose);
            }
        } finally {
            lock.unlock();
        }
        closeAll(toClose);
    }

    /** Closes every channel no reader holds; the others close as their readers release them. */
    @Override
    public void close() {
        List<FileChannel> toClose = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Handle h : new ArrayList<>(handles.values())) {
                retire(h, toClose);
            }
        } finally {
            lock.unlock();
        }
        closeAll(toClose);
    }

    /** Under the lock: removes the handle; its channel is closed now if unheld, else by the last release. */
    private void retire(Handle handle, List<FileChannel> toClose) {
        handles.remove(handle.path, handle);
        handle.retired = true;
        if (handle.refs == 0 && handle.opened) {
            handle.opened = false;
            live--;
            toClose.add(handle.future.getNow(null));
            released.signalAll();
        }
    }

    /** Under the lock: closes the least recently used unheld channel; false when every channel is held. */
    private boolean evictIdle(List<FileChannel> toClose) {
        Iterator<Handle> it = handles.values().iterator();
        while (it.hasNext()) {
            Handle h = it.next();
            if (h.refs == 0 && h.opened) {
                retire(h, toClose);
                return true;
            }
        }
        return false;
    }

    private void release(Handle handle) {
        List<FileChannel> toClose = new ArrayList<>(1);
        lock.lock();
        try {
            handle.refs--;
            if (handle.refs == 0) {
                if (handle.retired && handle.opened) {
                    handle.opened = false;
                    live--;
                    toClose.add(handle.future.getNow(null));
                }
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
        closeAll(toClose);
    }

    private static void closeAll(List<FileChannel> channels) {
        for (FileChannel c : channels) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException ignored) {
                // a read-only channel loses nothing when its close fails
            }
        }
    }

    /** One path's channel, its readers, and whether it has left the map. Fields are guarded by the lock. */
    private static final class Handle {
        final Path path;
        final CompletableFuture<FileChannel> future = new CompletableFuture<>();
        int refs;
        /** Counted in {@code live}: from creation until its channel is closed or its open fails. */
        boolean opened = true;

        boolean retired;

        Handle(Path path) {
            this.path = path;
        }

        /** The channel, waiting while another thread opens it; the open's failure as an IOException. */
        FileChannel channel() throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + path + " was being opened");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException("cannot open " + path + ": " + cause, cause);
            }
        }

        /**
         * Whether the channel was opened and has since been closed under its readers. A failed open is not:
         * its handle is still in the map between the failure and its removal, and a reader that takes it
         * meanwhile gets the open's failure from {@link #channel()}.
         */
        boolean closedUnderReaders() {
            FileChannel c;
            try {
                c = future.getNow(null);
            } catch (CompletionException | CancellationException e) {
                return false;
            }
            return c != null && !c.isOpen();
        }
    }

    /** A reader's hold on one open channel; closing it releases the hold (once). */
    public final class Lease implements AutoCloseable {
        private Handle handle;

        private Lease(Handle handle) {
            this.handle = handle;
        }

        public FileChannel channel() {
            if (handle == null) {
                throw new IllegalStateException("lease already released");
            }
            return handle.future.getNow(null);
        }

        @Override
        public void close() {
            if (handle != null) {
                Handle h = handle;
                handle = null;
                release(h);
            }
        }
    }
}
