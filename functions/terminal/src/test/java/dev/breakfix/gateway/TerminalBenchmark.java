package dev.breakfix.gateway;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.PtySize;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import dev.breakfix.ssh.SshShell;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keystroke echo latency and bulk output throughput, through the gateway and over a direct SSH
 * session to the same scenario server, from one JVM (run by {@code local/bench/terminal.sh}).
 *
 * <p>Echo: a byte is typed into {@code cat > /dev/null} (the server's pty echoes it) and the time until
 * it comes back is measured, one keystroke at a time. Throughput: {@code cat} of a file of base64
 * text made on the server, timed from the Enter key to an end marker; bytes counted as received.
 * Through the gateway, output is also recorded (to memory here, as chunks; 5 MB cap), as in service.
 *
 * <p>Usage: {@code TerminalBenchmark [keystrokes] [megabytes] [rounds]} (defaults 1000, 64, 5).
 */
public final class TerminalBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TerminalBenchmark() {}

    public static void main(String[] args) throws Exception {
        int keystrokes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        MasterSecret secret = MasterSecret.random();
        SessionId session = SessionId.random();
        try (ScenarioServers servers = new ScenarioServers();
                GatewayHarness gateway = new GatewayHarness(secret, GatewaySettings.defaults());
                SshConnector connector = new SshConnector()) {
            String address = servers.launch(session, secret);
            SessionKeys keys = SessionKeys.derive(secret, session);
            SshEndpoint endpoint = SshEndpoint.of(address, "admin");
            connector.connectWhenReady(endpoint, keys.clientKey(), keys.hostKey().publicKey(), WAIT, Duration.ofMillis(100)).close();
            gateway.readySession(session, address);
            System.out.printf("host: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(),
                    new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());

            try (SshConnection ssh = connector.connect(endpoint, keys.clientKey(), keys.hostKey().publicKey(), WAIT);
                    SshShell shell = ssh.shell(PtySize.DEFAULT, WAIT)) {
                Terminal direct = new DirectTerminal(shell);
                Terminal viaGateway = GatewayTerminal.open(gateway.port(), gateway.terminalUrl(session));
                direct.run("head -c " + megabytes * 3 / 4 + "M /dev/urandom | base64 -w 0 > /tmp/bench.txt; ls -l /tmp/bench.txt; echo READY-$((1+1))", "READY-2");
                viaGateway.run("echo READY-$((2+2))", "READY-4");

                for (Terminal terminal : List.of(direct, viaGateway)) {
                    terminal.run("cat > /dev/null", "");
                    Thread.sleep(300);
                    echo(terminal, 50); // warm-up
                }
                for (int round = 0; round < 2; round++) {
                    report("echo, direct SSH", echo(direct, keystrokes / 2));
                    report("echo, through the gateway", echo(viaGateway, keystrokes / 2));
                }
                for (Terminal terminal : List.of(direct, viaGateway)) {
                    terminal.send(new byte[] {3}); // Ctrl-C ends the cat
                    // and makes the pty drop input queued behind it: type the next command once it is done
                    Thread.sleep(300);
                    terminal.run("echo BACK-$((3+3))", "BACK-6");
                }

                List<Double> directRates = new ArrayList<>();
                List<Double> gatewayRates = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    directRates.add(throughput(direct, "direct SSH", round));
                    gatewayRates.add(throughput(viaGateway, "through the gateway", round));
                }
                double directMedian = median(directRates);
                double gatewayMedian = median(gatewayRates);
                System.out.printf("throughput median: direct %.1f MB/s, gateway %.1f MB/s, ratio %.2f%n",
                        directMedian, gatewayMedian, gatewayMedian / directMedian);
                viaGateway.close();
            }
        }
    }

    private static double throughput(Terminal terminal, String label, int round) throws Exception {
        String marker = "DONE-" + round + "-" + (round * 7 + 1);
        terminal.reset();
        long started = System.nanoTime();
        terminal.run("cat /tmp/bench.txt; echo; echo DONE-" + round + "-$((" + round + "*7+1))", marker);
        double seconds = (System.nanoTime() - started) / 1e9;
        double mb = terminal.received() / 1e6;
        System.out.printf("cat %.1f MB, %s: %.2f s, %.1f MB/s%n", mb, label, seconds, mb / seconds);
        return mb / seconds;
    }

    private static long[] echo(Terminal terminal, int count) throws Exception {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            byte key = (byte) ('a' + i % 26);
            terminal.drain();
            long started = System.nanoTime();
            terminal.send(new byte[] {key});
            terminal.awaitByte(key);
            micros[i] = (System.nanoTime() - started) / 1000;
            if (i % 60 == 59) {
                terminal.send(new byte[] {'\r'});
                Thread.sleep(20);
            }
            Thread.sleep(5);
        }
        return micros;
    }

    private static void report(String label, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("%s, %d keystrokes: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", label, sorted.length,
                at(sorted, 0.50) / 1000.0, at(sorted, 0.90) / 1000.0, at(sorted, 0.99) / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** A terminal either way: bytes in, chunks of bytes out. */
    private abstract static class Terminal implements AutoCloseable {
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private volatile long received;

        abstract void send(byte[] bytes) throws Exception;

        void arrived(byte[] bytes) {
            received += bytes.length;
            chunks.add(bytes);
        }

        long received() {
            return received;
        }

        void reset() {
            chunks.clear();
            received = 0;
        }

        void drain() {
            chunks.clear();
        }

        void awaitByte(byte expected) throws Exception {
            while (true) {
                byte[] chunk = chunks.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    throw new IllegalStateException("no echo");
                }
                for (byte b : chunk) {
                    if (b == expected) {
                        return;
                    }
                }
            }
        }

        /** Types a command and waits for {@code marker} (nothing if empty) in its output. */
        void run(String command, String marker) throws Exception {
            send((command + "\r").getBytes(StandardCharsets.UTF_8));
            if (marker.isEmpty()) {
                return;
            }
            byte[] wanted = marker.getBytes(StandardCharsets.US_ASCII);
            byte[] tail = new byte[0];
            while (true) {
                byte[] chunk = chunks.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    throw new IllegalStateException(getClass().getSimpleName() + " never showed " + marker
                            + "; its last output: " + new String(tail, StandardCharsets.ISO_8859_1));
                }
                byte[] window = Arrays.copyOf(tail, tail.length + chunk.length);
                System.arraycopy(chunk, 0, window, tail.length, chunk.length);
                // Markers are computed by the shell ($((…))), so the echoed command never contains them.
                if (new String(window, StandardCharsets.ISO_8859_1).contains(marker)) {
                    return;
                }
                tail = Arrays.copyOfRange(window, Math.max(0, window.length - wanted.length - 16), window.length);
            }
        }

        @Override
        public void close() {}
    }

    private static final class DirectTerminal extends Terminal {
        private final OutputStream in;

        DirectTerminal(SshShell shell) {
            this.in = shell.input();
            InputStream out = shell.output();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[32 * 1024];
                try {
                    int n;
                    while ((n = out.read(buffer)) > 0) {
                        arrived(Arrays.copyOf(buffer, n));
                    }
                } catch (Exception closed) {
                    // done
                }
            }, "direct-ssh-reader");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        void send(byte[] bytes) throws Exception {
            in.write(bytes);
            in.flush();
        }
    }

    /** The browser's side: a plain blocking WebSocket client with one reader thread, like {@link DirectTerminal}. */
    private static final class GatewayTerminal extends Terminal {
        private final RawWebSocket socket;

        private GatewayTerminal(RawWebSocket socket) {
            this.socket = socket;
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        RawWebSocket.Frame frame = socket.read();
                        if (frame.opcode() == RawWebSocket.Frame.BINARY) {
                            arrived(frame.payload());
                        } else if (frame.opcode() == RawWebSocket.Frame.CLOSE) {
                            return;
                        }
                    }
                } catch (Exception closed) {
                    // done
                }
            }, "gateway-client-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static GatewayTerminal open(int port, String path) throws Exception {
            return new GatewayTerminal(RawWebSocket.connect(port, path));
        }

        @Override
        void send(byte[] bytes) throws Exception {
            socket.send(RawWebSocket.Frame.BINARY, bytes);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}
