package dev.breakfix.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SSH connections to scenario servers with Apache MINA SSHD. One connector per process (it owns
 * the client's threads); each connection authenticates with the session's derived key and accepts
 * only the session's derived host key: no known_hosts, no ~/.ssh, no password, no agent.
 */
public final class SshConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    private static final AttributeKey<Pin> PIN = new AttributeKey<>();

    private final SshClient client;

    public SshConnector() {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new PinnedHostKeyVerifier());
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        // AES-GCM first: the JDK runs it on the CPU's AES instructions, while MINA's ChaCha20-Poly1305 is
        // pure Java and was most of the terminal gateway's CPU time. OpenSSH follows the client's order.
        client.setCipherFactories(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
                BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes256ctr));
        // No Nagle: a login is a chain of small messages and a terminal a stream of keystrokes; with Nagle
        // each waited for the server's delayed ACK (40 ms), as OpenSSH's own client avoids.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    /**
     * Connects and authenticates.
     *
     * @param identity the session's client key
     * @param hostKey the session's derived host key; any other key is refused
     * @throws HostKeyRejectedException the server showed another host key
     * @throws SshConnectException unreachable, refused, not authenticated, or not in time
     */
    public SshConnection connect(SshEndpoint endpoint, SshKeyPair identity, PublicKey hostKey, Duration timeout)
            throws SshConnectException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pin pin = new Pin(hostKey);
        ClientSession session = null;
        try {
            ConnectFuture connecting = client.connect(endpoint.user(),
                    new InetSocketAddress(endpoint.host(), endpoint.port()),
                    AttributeRepository.ofKeyValuePair(PIN, pin), null);
            session = connecting.verify(remaining(deadline)).getSession();
            session.addPublicKeyIdentity(identity.keyPair());
            session.auth().verify(remaining(deadline));
            return new SshConnection(session, endpoint);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            if (pin.rejected.get() != null) {
                throw new HostKeyRejectedException("refused " + endpoint + ": it showed host key "
                        + pin.rejected.get() + ", not the session's", e);
            }
            throw new SshConnectException("cannot log in to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects as soon as the server lets the platform in: retries every {@code interval} while it is
     * still booting (refused, reset, not yet authorised), up to {@code overall}. A wrong host key is
     * never retried.
     */
    public SshConnection connectWhenReady(SshEndpoint endpoint, SshKeyPair identity, PublicKey hostKey,
            Duration overall, Duration interval) throws SshConnectException {
        long deadline = System.nanoTime() + overall.toNanos();
        while (true) {
            Duration attempt = Duration.ofNanos(Math.min(Duration.ofSeconds(5).toNanos(),
                    Math.max(Duration.ofMillis(200).toNanos(), deadline - System.nanoTime())));
            try {
                return connect(endpoint, identity, hostKey, attempt);
            } catch (HostKeyRejectedException e) {
                throw e;
            } catch (SshConnectException e) {
                if (System.nanoTime() + interval.toNanos() > deadline) {
                    throw new SshConnectException("no SSH login on " + endpoint + " within " + overall.toMillis()
                            + " ms: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SshConnectException("interrupted while waiting for " + endpoint, interrupted);
                }
            }
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1_000_000L, deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (RuntimeException e) {
            LOG.warn("the SSH client did not stop cleanly", e);
        }
    }

    /** The host key one connection must see; remembers what it saw instead when that differs. */
    private static final class Pin {
        final PublicKey expected;
        final AtomicReference<String> rejected = new AtomicReference<>();

        Pin(PublicKey expected) {
            this.expected = expected;
        }
    }

    private static final class PinnedHostKeyVerifier implements ServerKeyVerifier {
        @Override
        public boolean verifyServerKey(ClientSession session, java.net.SocketAddress remote, PublicKey serverKey) {
            Pin pin = session.getConnectionContext() == null ? null : session.getConnectionContext().getAttribute(PIN);
            if (pin == null) {
                return false;
            }
            if (KeyUtils.compareKeys(pin.expected, serverKey)) {
                return true;
            }
            String seen = KeyUtils.getFingerPrint(serverKey);
            pin.rejected.set(seen);
            LOG.warn("refused a server host key that is not the pinned one: remote={}, seen={}, expected={}",
                    remote, seen, KeyUtils.getFingerPrint(pin.expected));
            return false;
        }
    }
}
