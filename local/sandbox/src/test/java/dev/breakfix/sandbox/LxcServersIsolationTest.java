package dev.breakfix.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.ssh.ExecResult;
import dev.breakfix.ssh.SshConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From inside a server, as root, nothing is reachable: not the host's services, not an outside
 * address, not another server; not even after root adds a default route and the host forwards for it.
 * The "outside" is a network namespace this test makes on the host (198.51.100.1, a documentation
 * address), so no packet ever leaves the machine.
 */
class LxcServersIsolationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OUTSIDE_NS = "bfxt-outside";
    private static final String OUTSIDE_LINK = "bfxt-out0";
    private static final String OUTSIDE_ADDRESS = "198.51.100.1";
    private static final int OUTSIDE_PORT = 8080;

    private static SandboxFixture fixture;
    private static SandboxFixture.Launched server;
    private static SandboxFixture.Launched neighbour;
    private static ServerSocket hostService;
    private static final AtomicInteger hostAccepted = new AtomicInteger();
    private static Process outsideService;

    @BeforeAll
    static void launchServersAndServices() throws Exception {
        fixture = new SandboxFixture();
        server = fixture.launch(ServerLimits.DEFAULT);
        neighbour = fixture.launch(ServerLimits.DEFAULT);
        hostService = new ServerSocket();
        hostService.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        Thread acceptor = new Thread(() -> {
            while (!hostService.isClosed()) {
                try (Socket accepted = hostService.accept()) {
                    hostAccepted.incrementAndGet();
                    accepted.shutdownOutput();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        makeOutside();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (fixture == null) {
            return;
        }
        if (outsideService != null) {
            outsideService.destroyForcibly();
        }
        HostCommands.run(TIMEOUT, "ip", "netns", "delete", OUTSIDE_NS);
        HostCommands.run(TIMEOUT, "ip", "link", "delete", OUTSIDE_LINK);
        if (hostService != null) {
            hostService.close();
        }
        fixture.servers.terminate(server.id());
        fixture.servers.terminate(neighbour.id());
        fixture.close();
    }

    /** A host in a namespace of its own, routed from the host: what "the internet" is for this test. */
    private static void makeOutside() throws Exception {
        cleanUpOutside();
        HostCommands.require(TIMEOUT, "ip", "netns", "add", OUTSIDE_NS);
        HostCommands.require(TIMEOUT, "ip", "link", "add", OUTSIDE_LINK, "type", "veth", "peer", "name", "bfxt-out1");
        HostCommands.require(TIMEOUT, "ip", "link", "set", "bfxt-out1", "netns", OUTSIDE_NS);
        HostCommands.require(TIMEOUT, "ip", "address", "add", "198.51.100.2/30", "dev", OUTSIDE_LINK);
        HostCommands.require(TIMEOUT, "ip", "link", "set", OUTSIDE_LINK, "up");
        HostCommands.require(TIMEOUT, "ip", "-n", OUTSIDE_NS, "address", "add", OUTSIDE_ADDRESS + "/30", "dev", "bfxt-out1");
        HostCommands.require(TIMEOUT, "ip", "-n", OUTSIDE_NS, "link", "set", "bfxt-out1", "up");
        HostCommands.require(TIMEOUT, "ip", "-n", OUTSIDE_NS, "link", "set", "lo", "up");
        HostCommands.require(TIMEOUT, "ip", "-n", OUTSIDE_NS, "route", "add", "default", "via", "198.51.100.2");
        outsideService = new ProcessBuilder("ip", "netns", "exec", OUTSIDE_NS, "/usr/bin/python3", "-m", "http.server",
                "--bind", OUTSIDE_ADDRESS, Integer.toString(OUTSIDE_PORT)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 50 && !HostCommands.run(TIMEOUT, "curl", "-s", "-o", "/dev/null", "--max-time", "1",
                "http://" + OUTSIDE_ADDRESS + ":" + OUTSIDE_PORT + "/").ok(); i++) {
            Thread.sleep(100);
        }
    }

    private static void cleanUpOutside() {
        HostCommands.run(TIMEOUT, "ip", "netns", "delete", OUTSIDE_NS);
        HostCommands.run(TIMEOUT, "ip", "link", "delete", OUTSIDE_LINK);
    }

    @Test
    void launch_shouldLetTheHostReachTheServersSsh_whenTheServerIsUp() throws Exception {
        // given / when
        try (SshConnection root = fixture.ssh(server, "root")) {
            ExecResult whoami = root.exec("id -u; hostname", TIMEOUT);

            // then
            assertThat(whoami.stdout()).isEqualTo("0\nsandbox-test\n");
        }
    }

    @Test
    void guard_shouldBlockTheHostsServices_evenAfterRootAddsADefaultRoute() throws Exception {
        // given: a service on every host address, which the host itself reaches
        int port = hostService.getLocalPort();
        try (Socket control = new Socket("127.0.0.1", port)) {
            assertThat(control.isConnected()).isTrue();
        }
        Thread.sleep(200);
        int acceptedBefore = hostAccepted.get();
        String hostGlobal = HostCommands.run(TIMEOUT, "sh", "-c",
                "ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -n 1").output().strip();

        try (SshConnection root = fixture.ssh(server, "root")) {
            // when: root inside routes everything through the host and tries the host's addresses
            root.exec("ip route replace default via " + server.hostAddress(), TIMEOUT);
            String viaVeth = tryTcp(root, server.hostAddress(), port);
            String viaGlobal = hostGlobal.isEmpty() ? "BLOCKED" : tryTcp(root, hostGlobal, port);
            String sshOfHost = tryTcp(root, server.hostAddress(), 22);

            // then
            assertThat(viaVeth).isEqualTo("BLOCKED");
            assertThat(viaGlobal).isEqualTo("BLOCKED");
            assertThat(sshOfHost).isEqualTo("BLOCKED");
            assertThat(hostAccepted.get()).isEqualTo(acceptedBefore);
        }
    }

    @Test
    void guard_shouldBlockAnOutsideAddress_evenWhenTheHostForwardsForTheServer() throws Exception {
        // given: the outside answers the host, and the host would forward the server's packets
        assertThat(HostCommands.run(TIMEOUT, "curl", "-s", "-o", "/dev/null", "--max-time", "3",
                "http://" + OUTSIDE_ADDRESS + ":" + OUTSIDE_PORT + "/").ok()).as("the outside answers the host").isTrue();
        String veth = LxcServers.hostInterface(server.id().value());
        Files.writeString(Path.of("/proc/sys/net/ipv4/conf", veth, "forwarding"), "1");
        long dropsBefore = forwardDrops();

        try (SshConnection root = fixture.ssh(server, "root")) {
            // when
            root.exec("ip route replace default via " + server.hostAddress(), TIMEOUT);
            String outside = tryTcp(root, OUTSIDE_ADDRESS, OUTSIDE_PORT);

            // then: nothing got through, and it was the guard that dropped it
            assertThat(outside).isEqualTo("BLOCKED");
            assertThat(forwardDrops()).isGreaterThan(dropsBefore);
        } finally {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", veth, "forwarding"), "0");
        }
    }

    @Test
    void guard_shouldBlockAnotherServer_evenWhenTheHostForwardsForTheServer() throws Exception {
        // given
        String veth = LxcServers.hostInterface(server.id().value());
        Files.writeString(Path.of("/proc/sys/net/ipv4/conf", veth, "forwarding"), "1");
        long dropsBefore = forwardDrops();

        try (SshConnection root = fixture.ssh(server, "root")) {
            // when: root in one server goes for the other server's sshd
            root.exec("ip route replace default via " + server.hostAddress(), TIMEOUT);
            String sibling = tryTcp(root, neighbour.address(), 22);

            // then
            assertThat(sibling).isEqualTo("BLOCKED");
            assertThat(forwardDrops()).isGreaterThan(dropsBefore);
        } finally {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", veth, "forwarding"), "0");
        }
        try (SshConnection neighbourRoot = fixture.ssh(neighbour, "root")) {
            assertThat(neighbourRoot.exec("true", TIMEOUT).exitCode()).as("the host still reaches the neighbour").isZero();
        }
    }

    private static String tryTcp(SshConnection root, String address, int port) throws IOException {
        return root.exec("timeout 3 bash -c '</dev/tcp/" + address + "/" + port + "' 2>/dev/null && echo CONNECTED || echo BLOCKED",
                TIMEOUT).stdout().strip();
    }

    /** Packets the guard's forward chain has dropped so far (both of its rules). */
    private static long forwardDrops() {
        String listing = new NftGuard().listing();
        String forward = listing.substring(listing.indexOf("chain forward"));
        Matcher counters = Pattern.compile("counter packets (\\d+)").matcher(forward);
        long total = 0;
        while (counters.find()) {
            total += Long.parseLong(counters.group(1));
        }
        return total;
    }

    @Test
    void kernelLog_shouldBeClosedToRootInside_becauseItNamesTheOtherServers() throws Exception {
        try (SshConnection root = fixture.ssh(server, "root")) {
            // when
            var dmesg = root.exec("dmesg", TIMEOUT);

            // then
            assertThat(dmesg.exitCode()).isNotZero();
            assertThat(dmesg.stdout()).doesNotContain("lxc.payload");
        }
    }
}
