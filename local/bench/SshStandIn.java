import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.SessionKeys;
import java.security.PublicKey;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/**
 * The scenario server a cold-started function logs into, for {@code ColdStart.java}: an SSH server that
 * shows the session's host key and accepts the session's client key, both derived from the master secret
 * as the platform derives them ({@code SessionKeys}). It only authenticates; no shell. Run from a Lambda
 * package's own libraries (MINA SSHD, breakfix-ssh, breakfix-core), so it needs nothing else:
 *
 * <pre>
 * java -cp "TASK/lib/*" SshStandIn.java ADDRESS PORT MASTER_SECRET_BASE64 SESSION_ID
 * </pre>
 * Prints {@code listening} once it accepts connections, and runs until it is stopped.
 */
public final class SshStandIn {
    private SshStandIn() {}

    public static void main(String[] args) throws Exception {
        SessionKeys keys = SessionKeys.derive(MasterSecret.fromBase64(args[2]), new SessionId(args[3]));
        PublicKey client = keys.clientKey().publicKey();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(args[0]);
        server.setPort(Integer.parseInt(args[1]));
        server.setKeyPairProvider(KeyPairProvider.wrap(keys.hostKey().keyPair()));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(client, key));
        server.start();
        System.out.println("listening on " + args[0] + ":" + server.getPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
