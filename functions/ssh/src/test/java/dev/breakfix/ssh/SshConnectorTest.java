package dev.breakfix.ssh;

import dev.breakfix.secrets.MasterSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.session.SessionId;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against an in-process SSH server that holds a session's derived host key. */
class SshConnectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final MasterSecret SECRET = MasterSecret.random();
    private static final SessionKeys KEYS = SessionKeys.derive(SECRET, SessionId.random());

    private static SshServer server;
    private static SshConnector connector;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(KEYS.hostKey().keyPair()));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, KEYS.clientKey().publicKey()));
        server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        server.setShellFactory(new ProcessShellFactory("/bin/sh", "/bin/sh", "-i"));
        server.start();
        connector = new SshConnector();
    }

    @AfterAll
    static void stopServer() throws Exception {
        connector.close();
        server.stop(true);
    }

    private static SshEndpoint endpoint() {
        return new SshEndpoint("127.0.0.1", server.getPort(), "admin");
    }

    @Test
    void connect_shouldLogIn_whenTheServerShowsThePinnedHostKey() throws Exception {
        // given / when
        try (SshConnection connection = connector.connect(endpoint(), KEYS.clientKey(), KEYS.hostKey().publicKey(), TIMEOUT)) {
            // then
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void connect_shouldRefuse_whenTheServerShowsAnotherHostKey() {
        // given: the host key of another session
        SessionKeys other = SessionKeys.derive(SECRET, SessionId.random());

        // when / then
        assertThatThrownBy(() -> connector.connect(endpoint(), KEYS.clientKey(), other.hostKey().publicKey(), TIMEOUT))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining(KEYS.hostKey().fingerprint());
    }

    @Test
    void connect_shouldFail_whenTheClientKeyIsNotAuthorised() {
        // given
        SessionKeys other = SessionKeys.derive(SECRET, SessionId.random());

        // when / then
        assertThatThrownBy(() -> connector.connect(endpoint(), other.clientKey(), KEYS.hostKey().publicKey(), TIMEOUT))
                .isInstanceOf(SshConnectException.class)
                .isNotInstanceOf(HostKeyRejectedException.class);
    }

    @Test
    void exec_shouldReturnOutputAndExitCode_whenTheCommandFinishes() throws Exception {
        try (SshConnection connection = connector.connect(endpoint(), KEYS.clientKey(), KEYS.hostKey().publicKey(), TIMEOUT)) {
            // given / when
            ExecResult echoed = connection.exec("cat", "hello from stdin".getBytes(StandardCharsets.UTF_8), TIMEOUT);
            ExecResult failed = connection.exec("false", TIMEOUT);

            // then
            assertThat(echoed.exitCode()).isZero();
            assertThat(echoed.stdout()).isEqualTo("hello from stdin");
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.timedOut()).isFalse();
        }
    }

    @Test
    void exec_shouldStopWaitingAndCloseTheChannel_whenTheCommandOutlivesTheTimeout() throws Exception {
        try (SshConnection connection = connector.connect(endpoint(), KEYS.clientKey(), KEYS.hostKey().publicKey(), TIMEOUT)) {
            // given
            long started = System.nanoTime();

            // when
            ExecResult result = connection.exec("sleep 30", Duration.ofMillis(700));

            // then
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitCode()).isEqualTo(-1);
            assertThat(tookMillis).isLessThan(5_000);
            assertThat(connection.exec("true", TIMEOUT).exitCode()).as("the connection is still usable").isZero();
        }
    }

    @Test
    void shell_shouldRunTypedCommandsAndResize_whenOpenedWithAPty() throws Exception {
        try (SshConnection connection = connector.connect(endpoint(), KEYS.clientKey(), KEYS.hostKey().publicKey(), TIMEOUT);
             SshShell shell = connection.shell(new PtySize(100, 30), TIMEOUT)) {
            // given
            CompletableFuture<String> screen = CompletableFuture.supplyAsync(() -> readAll(shell.output()));

            // when
            shell.resize(new PtySize(120, 40));
            shell.input().write("echo marker-$((40 + 2))\nexit 0\n".getBytes(StandardCharsets.UTF_8));
            shell.input().flush();

            // then
            assertThat(screen.get(10, TimeUnit.SECONDS)).contains("marker-42");
            assertThat(shell.awaitExit(TIMEOUT)).hasValue(0);
        }
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            // the channel closed: what was read is the screen
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
