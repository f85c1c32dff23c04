package dev.breakfix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.gateway.recording.SessionRecording;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end: a WebSocket client, the gateway on Jetty, a real scenario server (an LXC
 * system container with systemd and sshd) reached over SSH with the session's derived keys. One server
 * is shared by the tests; each test gets a fresh gateway and fresh stores.
 */
class TerminalGatewayEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MasterSecret SECRET = MasterSecret.random();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROMPT = "$ ";
    private static ScenarioServers servers;
    private static SessionId session;
    private static String address;

    @TempDir
    Path tmp;
    private GatewayHarness harness;
    private Session ready;
    private final List<TerminalClient> clients = new ArrayList<>();

    @BeforeAll
    static void launchServer() throws Exception {
        servers = new ScenarioServers();
        session = SessionId.random();
        address = servers.launch(session, SECRET);
        awaitSsh(session, address);
    }

    @AfterAll
    static void terminateServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @BeforeEach
    void startGateway() throws Exception {
        harness = gateway(GatewaySettings.defaults()
                .withSessionPollInterval(Duration.ofMillis(300))
                .withClientStallTimeout(Duration.ofSeconds(3)));
    }

    private GatewayHarness gateway(GatewaySettings settings) throws Exception {
        GatewayHarness h = new GatewayHarness(SECRET, settings);
        ready = h.readySession(session, address);
        return h;
    }

    @AfterEach
    void stopGateway() throws Exception {
        clients.forEach(TerminalClient::close);
        harness.close();
    }

    private static void awaitSsh(SessionId id, String at) throws IOException {
        SessionKeys keys = SessionKeys.derive(SECRET, id);
        try (SshConnector connector = new SshConnector();
                SshConnection ignored = connector.connectWhenReady(SshEndpoint.of(at, "admin"), keys.clientKey(),
                        keys.hostKey().publicKey(), Duration.ofSeconds(60), Duration.ofMillis(100))) {
            // sshd answers with the pinned host key and lets the session's key in
        }
    }

    /** A terminal on the session, connected and showing a prompt. */
    private TerminalClient open(GatewayHarness on, String query) throws Exception {
        TerminalClient client = on.connect(on.terminalUrl(session) + query);
        clients.add(client);
        client.awaitControl(m -> m.equals("{\"status\":\"connected\"}"), WAIT);
        client.awaitOutput(PROMPT, WAIT);
        return client;
    }

    private TerminalClient open() throws Exception {
        return open(harness, "");
    }

    /** The session's recording as replays will serve it: stored, assembled, one line per entry. */
    private List<String> recording(GatewayHarness on) throws Exception {
        on.gateway.close();
        on.recordings.assemble(session);
        String text = new String(on.recordings.read(session).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n\n");
        List<String> lines = List.of(text.split("\n"));
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.get("version").asInt()).isEqualTo(2);
        assertThat(header.get("width").asInt()).isPositive();
        assertThat(header.get("height").asInt()).isPositive();
        assertThat(header.get("timestamp").asLong()).isEqualTo(ready.readyAt().orElseThrow().getEpochSecond());
        assertThat(header.get("title").asText()).isEqualTo(GatewayHarness.SCENARIO.title());
        double last = 0;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isArray() && event.size() == 3).as(line).isTrue();
            assertThat(event.get(0).isNumber()).as(line).isTrue();
            assertThat(event.get(1).asText()).isIn("o", "r", "m");
            assertThat(event.get(0).asDouble()).as("time never goes back").isGreaterThanOrEqualTo(last);
            last = event.get(0).asDouble();
        }
        return lines;
    }

    /** What {@code asciinema cat} prints for the recording: the real player's reading of it. */
    private String asciinemaCat(List<String> lines) throws Exception {
        Path file = tmp.resolve("recording.cast");
        Files.writeString(file, String.join("\n", lines) + "\n");
        // asciinema 2.2 wants a terminal even to cat: give it one with script(1).
        Process cat = new ProcessBuilder("script", "-qec", "asciinema cat " + file, "/dev/null")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cat.exitValue()).as(out).isZero();
        Process play = new ProcessBuilder("script", "-qec", "asciinema play -s 1000 -i 0.01 " + file, "/dev/null")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        play.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(play.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(play.exitValue()).as("asciinema play exits cleanly").isZero();
        return out;
    }

    @Test
    void terminal_shouldEchoWhatIsTyped_andRecordItAsAsciicastThatAsciinemaPlays() throws Exception {
        // given
        TerminalClient terminal = open();

        // when
        terminal.type("echo hello-$((6*7))\r");

        // then
        terminal.awaitOutput("hello-42", WAIT);
        terminal.close();
        List<String> lines = recording(harness);
        assertThat(lines.stream().filter(l -> l.startsWith("{"))).hasSize(1);
        assertThat(asciinemaCat(lines)).contains("hello-42");
    }

    @Test
    void resize_shouldReachThePty_andBeRecorded() throws Exception {
        // given a terminal opened at 100x30
        TerminalClient terminal = open(harness, "&cols=100&rows=30");
        terminal.type("stty size\r");
        terminal.awaitOutput("30 100", WAIT);

        // when the browser resizes it
        terminal.resize(132, 43);
        terminal.type("stty size\r");

        // then
        terminal.awaitOutput("43 132", WAIT);
        terminal.close();
        List<String> lines = recording(harness);
        assertThat(JSON.readTree(lines.get(0)).get("width").asInt()).isEqualTo(100);
        assertThat(lines).anyMatch(l -> l.contains("\"r\", \"132x43\""));
    }

    @Test
    void largeOutput_shouldStreamThrough_whileTheRecordingStopsAtItsCap() throws Exception {
        // given
        TerminalClient terminal = open();
        long before = terminal.outputBytes();

        // when 5 MiB of random data goes through base64 to the screen
        long started = System.nanoTime();
        terminal.type("head -c 5M /dev/urandom | base64; echo big-$((1+1))-done\r");
        terminal.awaitOutput("big-2-done", Duration.ofSeconds(120));
        double seconds = (System.nanoTime() - started) / 1e9;

        // then all of it arrived, and the terminal still answers
        long bytes = terminal.outputBytes() - before;
        System.err.printf("large output: %d bytes in %.2f s (%.1f MB/s)%n", bytes, seconds, bytes / seconds / 1e6);
        assertThat(bytes).isGreaterThan(5L * 1024 * 1024 * 4 / 3);
        terminal.clearOutput();
        terminal.type("echo still-$((2+3))\r");
        terminal.awaitOutput("still-5", WAIT);
        terminal.close();
        List<String> lines = recording(harness);
        int size = String.join("\n", lines).length() + 1;
        assertThat(size).isLessThanOrEqualTo(GatewaySettings.DEFAULT_RECORDING_CAP_BYTES);
        assertThat(lines.get(lines.size() - 1)).contains("\"m\", \"" + SessionRecording.TRUNCATED_MARKER + "\"");
        assertThat(asciinemaCat(lines)).contains("the recording stops here");
    }

    @Test
    void binaryOutput_shouldNotBreakTheGatewayOrTheRecording() throws Exception {
        TerminalClient terminal = open();

        terminal.type("head -c 2M /dev/urandom; stty sane; echo; echo bin-$((4+4))-done\r");
        terminal.awaitOutput("bin-8-done", Duration.ofSeconds(60));
        terminal.type("reset -I 2>/dev/null; echo alive-$((5+5))\r");
        terminal.awaitOutput("alive-10", WAIT);

        terminal.close();
        assertThat(asciinemaCat(recording(harness))).contains("bin-8-done");
    }

    @Test
    void recording_shouldStopAtTheCap_whileTheTerminalGoesOn() throws Exception {
        // given a gateway whose recordings stop at 64 KiB
        harness.close();
        harness = gateway(GatewaySettings.defaults().withRecordingCapBytes(64 * 1024));
        TerminalClient terminal = open();

        // when more than that is shown
        terminal.type("seq 1 30000; echo seq-$((9+9))-done\r");
        terminal.awaitOutput("seq-18-done", WAIT);
        terminal.type("echo after-$((7*7))\r");

        // then the terminal keeps working, the recording ends with the marker, under the cap
        terminal.awaitOutput("after-49", WAIT);
        terminal.close();
        List<String> lines = recording(harness);
        String text = String.join("\n", lines) + "\n";
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * 1024);
        assertThat(lines.get(lines.size() - 1)).contains(SessionRecording.TRUNCATED_MARKER);
        assertThat(text).contains("the recording stops here").doesNotContain("after-49");
    }

    @Test
    void hugePaste_shouldReachTheServerWhole() throws Exception {
        // given a shell reading exactly 3 MB of raw input
        TerminalClient terminal = open();
        terminal.type("stty raw -echo; echo paste-$((2*2)); head -c 3000000 | wc -c; stty sane\r");
        terminal.awaitOutput("paste-4", WAIT);

        // when the browser pastes 3 MB in one message
        byte[] paste = new byte[3_000_000];
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(7);
        for (int i = 0; i < paste.length; i++) {
            paste[i] = alphabet[random.nextInt(alphabet.length)];
        }
        terminal.send(paste);

        // then all of it arrived
        terminal.awaitOutput("3000000", Duration.ofSeconds(60));
        terminal.type("echo pasted-$((3*3))\r");
        terminal.awaitOutput("pasted-9", WAIT);
    }

    @Test
    void slowBrowser_shouldBeDisconnected_withoutStallingAnotherTerminal() throws Exception {
        // given a browser (a raw socket here) that stops reading while its shell floods it
        TerminalClient other = open();
        try (RawWebSocket slow = RawWebSocket.connect(harness.port(), harness.terminalUrl(session))) {
            RawWebSocket.Frame first = slow.read();
            assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"connected\"}");
            slow.send(RawWebSocket.Frame.BINARY, "yes breakfix-flood | head -c 500M\r".getBytes(StandardCharsets.UTF_8));

            // when another terminal is used meanwhile, its echo stays quick
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                other.type("echo quick-" + i + "-$((" + i + "+100))\r");
                other.awaitOutput("quick-" + i + "-" + (i + 100), WAIT);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                Thread.sleep(300);
            }

            // then the gateway drops the slow one after the stall timeout (its TCP connection closes)...
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (harness.gateway.terminals() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(harness.gateway.terminals()).isEqualTo(1);
            assertThat(readsToTheEnd(slow)).as("the slow browser's connection ends").isTrue();
        }

        // ...and the other goes on
        other.type("echo after-slow-$((1+1))\r");
        other.awaitOutput("after-slow-2", WAIT);
    }

    /** Reads what the socket still holds; true if it then ends (closed by the other side) within 30 s. */
    private static boolean readsToTheEnd(RawWebSocket socket) throws Exception {
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return reader.submit(() -> {
                try {
                    while (true) {
                        if (socket.read().opcode() == RawWebSocket.Frame.CLOSE) {
                            return true;
                        }
                    }
                } catch (java.io.IOException ended) {
                    return true;
                }
            }).get(30, TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void terminal_shouldKeepTakingKeystrokes_acrossPingsAndPongs() throws Exception {
        // given a gateway that pings every 100 ms, and a browser that answers (and pings back)
        harness.close();
        harness = gateway(GatewaySettings.defaults().withPingInterval(Duration.ofMillis(100)));
        TerminalClient terminal = open();

        // when many pings and pongs went by
        for (int i = 0; i < 5; i++) {
            Thread.sleep(300);
            terminal.ping();
            terminal.type("echo alive-" + i + "-$((" + i + "+40))\r");

            // then every keystroke still reaches the shell
            terminal.awaitOutput("alive-" + i + "-" + (i + 40), WAIT);
        }
        assertThat(terminal.isClosed()).isFalse();
    }

    @Test
    void tabs_shouldShareTheSessionsOneRecording() throws Exception {
        TerminalClient first = open();
        TerminalClient second = open();

        first.type("echo tab-one-$((10+1))\r");
        first.awaitOutput("tab-one-11", WAIT);
        second.type("echo tab-two-$((10+2))\r");
        second.awaitOutput("tab-two-12", WAIT);

        first.close();
        second.close();
        List<String> lines = recording(harness);
        assertThat(lines.stream().filter(l -> l.startsWith("{"))).hasSize(1);
        assertThat(asciinemaCat(lines)).contains("tab-one-11").contains("tab-two-12");
    }

    @Test
    void sessionEnd_shouldTellTheBrowserWhy_andClose() throws Exception {
        // given a terminal on a session of its own
        SessionId ending = SessionId.random();
        String at = servers.launch(ending, SECRET);
        awaitSsh(ending, at);
        harness.readySession(ending, at);
        TerminalClient terminal = harness.connect(harness.terminalUrl(ending));
        terminal.awaitControl(m -> m.contains("connected"), WAIT);

        // when the owner ends the session
        harness.sessions.requestEnd(ending, EndReason.USER);

        // then
        assertThat(terminal.awaitControl(m -> m.contains("ended"), WAIT)).isEqualTo("{\"ended\":\"USER\"}");
        TerminalClient.Closed closed = terminal.awaitClose(WAIT);
        assertThat(closed.code()).isEqualTo(StatusCode.NORMAL);
        assertThat(closed.reason()).isEqualTo("session ended");
        try (TerminalClient again = harness.connect(harness.terminalUrl(ending))) {
            assertThat(again.awaitClose(WAIT).reason()).isEqualTo(Refusal.SESSION_NOT_READY.closeReason());
        }
    }

    @Test
    void shellExit_shouldCloseTheTerminalNormally_withTheExitStatus() throws Exception {
        TerminalClient terminal = open();

        terminal.type("exit 3\r");

        assertThat(terminal.awaitControl(m -> m.contains("exited"), WAIT)).isEqualTo("{\"exited\":3}");
        assertThat(terminal.awaitClose(WAIT)).isEqualTo(new TerminalClient.Closed(StatusCode.NORMAL, "shell exited"));
    }

    @Test
    void restart_shouldLoseAtMostFiveSecondsOfRecording_andLetTheBrowserReconnect() throws Exception {
        // given a terminal printing a numbered tick every 100 ms
        TerminalClient before = open();
        before.type("for i in $(seq 1 600); do echo tick-$i; sleep 0.1; done\r");
        before.awaitOutput("tick-60\r\n", Duration.ofSeconds(30));

        // when the gateway crashes (nothing more is stored) and comes back
        Instant crash = Instant.now();
        harness.restart(true);
        assertThat(before.awaitClose(WAIT).code()).isNotEqualTo(StatusCode.NORMAL);
        TerminalClient after = open();
        after.type("echo after-$((3*3))\r");
        after.awaitOutput("after-9", WAIT);
        after.close();

        // then the recording runs to within five seconds of the crash, and goes on after it
        List<String> lines = recording(harness);
        double crashAt = Duration.between(ready.readyAt().orElseThrow(), crash).toNanos() / 1e9;
        double lastTick = 0;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode event = JSON.readTree(line);
            if (event.get(2).asText().contains("tick-")) {
                lastTick = Math.max(lastTick, event.get(0).asDouble());
            }
        }
        System.err.printf("restart: crash at %.2f s, last tick recorded at %.2f s: %.2f s lost%n", crashAt, lastTick, crashAt - lastTick);
        assertThat(crashAt - lastTick).isLessThanOrEqualTo(5.0);
        assertThat(lines.stream().filter(l -> l.startsWith("{"))).hasSize(1);
        assertThat(asciinemaCat(lines)).contains("after-9");
    }

    @Test
    void restart_shouldCloseTerminalsAsGoingAway_andStoreEverything_whenGraceful() throws Exception {
        TerminalClient terminal = open();
        terminal.type("echo graceful-$((8*8))\r");
        terminal.awaitOutput("graceful-64", WAIT);

        harness.restart(false);

        assertThat(terminal.awaitClose(WAIT)).isEqualTo(new TerminalClient.Closed(StatusCode.SHUTDOWN, "gateway restarting"));
        assertThat(asciinemaCat(recording(harness))).contains("graceful-64");
    }
}
