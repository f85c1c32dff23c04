package dev.breakfix.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServersTest {

    /** A backend with one kind of capacity, as the local containers are. */
    private static final class OneMarket implements Servers {
        @Override
        public ServerId launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
                Instant deadline) {
            return new ServerId("box-1");
        }

        @Override
        public Optional<ServerStatus> describe(ServerId server) {
            return Optional.of(new ServerStatus(ServerStatus.State.RUNNING, Optional.of("10.200.0.2")));
        }

        @Override
        public void terminate(ServerId server) {}
    }

    @Test
    void launch_shouldTakeTheAddressFromDescribe_whenTheBackendIgnoresTheMarket() {
        // given
        Servers servers = new OneMarket();

        // when
        Servers.Launched launched = servers.launch(SessionId.random(), null, "ssh-ed25519 AAAA", "key",
                Instant.EPOCH, Servers.Market.ON_DEMAND);

        // then
        assertThat(launched).isEqualTo(new Servers.Launched(new ServerId("box-1"), Optional.of("10.200.0.2"),
                Servers.Market.ON_DEMAND));
    }
}
