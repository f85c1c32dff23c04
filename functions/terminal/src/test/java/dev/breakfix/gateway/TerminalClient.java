package dev.breakfix.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser's side of the terminal wire format, for tests and benchmarks: JDK WebSocket client,
 * binary frames for terminal bytes, text frames for JSON control messages. It takes frames as fast as
 * they come unless {@link #pause()}d, which is how a slow browser is simulated.
 */
public final class TerminalClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Output so far (guarded by this); grown by doubling, read in place. */
    private byte[] output = new byte[64 * 1024];
    private int size;
    private final List<String> control = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partialText = new StringBuilder();
    private volatile boolean paused;
    private volatile long totalBytes;
    private WebSocket socket;

    public record Closed(int code, String reason) {}

    /** Connects to {@code ws://host:port{path}}; {@code path} is the url a ticket came with. */
    public static TerminalClient connect(int port, String path) throws Exception {
        TerminalClient client = new TerminalClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (this) {
            if (size + bytes.length > output.length) {
                output = java.util.Arrays.copyOf(output, Math.max(output.length * 2, size + bytes.length));
            }
            System.arraycopy(bytes, 0, output, size, bytes.length);
            size += bytes.length;
            totalBytes += bytes.length;
            notifyAll();
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partialText.append(data);
            if (last) {
                control.add(partialText.toString());
                partialText.setLength(0);
            }
            notifyAll();
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        synchronized (this) {
            notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(1006, String.valueOf(error)));
        synchronized (this) {
            notifyAll();
        }
    }

    /** Types (or pastes) text: one binary frame. */
    public void type(String keys) {
        send(keys.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void sendText(String json) {
        socket.sendText(json, true).join();
    }

    /** Pings the gateway, as some browsers and proxies do. */
    public void ping() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
    }

    public void resize(int cols, int rows) {
        sendText("{\"resize\":{\"cols\":" + cols + ",\"rows\":" + rows + "}}");
    }

    /** Stops taking frames: the gateway's sends back up, as with a browser that cannot keep up. */
    public void pause() {
        paused = true;
    }

    /** Takes frames again, as fast as they come. */
    public void resume() {
        paused = false;
        socket.request(Long.MAX_VALUE);
    }

    public synchronized String output() {
        return new String(output, 0, size, StandardCharsets.UTF_8);
    }

    public synchronized long outputBytes() {
        return totalBytes;
    }

    /** Forgets the output so far (keeps counting bytes). */
    public synchronized void clearOutput() {
        size = 0;
    }

    public List<String> control() {
        return List.copyOf(control);
    }

    /** Waits until the output (as text) satisfies {@code condition}; fails the test after {@code timeout}. */
    public synchronized String awaitOutput(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = output();
            if (condition.test(text)) {
                return text;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("terminal output never matched within " + timeout + "; last 2000 chars: "
                        + text.substring(Math.max(0, text.length() - 2000)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Waits until {@code contains} appears in the output; looks only at output that arrived since the
     * last look (and a little before), so waiting on megabytes of output stays cheap.
     */
    public synchronized void awaitOutput(String contains, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        int overlap = contains.getBytes(StandardCharsets.UTF_8).length + 4;
        while (true) {
            if (size < from) {
                from = 0;
            }
            if (size > from) {
                int start = Math.max(0, from - overlap);
                String recent = new String(output, start, size - start, StandardCharsets.UTF_8);
                if (recent.contains(contains)) {
                    return;
                }
                from = size;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed.isDone()) {
                String text = output();
                throw new AssertionError("terminal output never showed '" + contains + "' within " + timeout
                        + (closed.isDone() ? " (the terminal closed: " + closed.getNow(null) + ")" : "")
                        + "; last 2000 chars: " + text.substring(Math.max(0, text.length() - 2000)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized String awaitControl(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String message : control) {
                if (condition.test(message)) {
                    return message;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such control message within " + timeout + "; got " + control);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public Closed awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
            try {
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        socket.abort();
    }
}
