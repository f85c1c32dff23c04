package dev.breakfix.reaper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ServerFleet;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.InMemoryActiveSessions;
import dev.breakfix.session.InMemorySessions;
import dev.breakfix.session.Owner;
import dev.breakfix.session.ReapingSessions;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReaperHandlerTest {
    private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");
    private static final Scenario NGINX = new Scenario("nginx-wont-start", "Nginx", "summary", Difficulty.EASY, 15, 20,
            List.of("nginx"), "web-01", "admin", true, List.of(), ServerLimits.DEFAULT, false, List.of(), "# Fix");

    @Test
    void handleRequest_shouldReportWhatTheRunDid_whenEventBridgeSchedulerInvokesIt() {
        // given a session stuck since long before, on a server that is still running
        InMemorySessions sessions = new InMemorySessions();
        Session stuck = Session.requested(SessionId.random(), Owner.anonymous("visitor"), NGINX.id(), CREATED);
        sessions.create(stuck);
        sessions.put(stuck.id(), s -> s.movedTo(SessionState.BOOTING).withServer("i-0123456789abcdef0"));
        List<ServerId> terminated = new ArrayList<>();
        ServerFleet fleet = new ServerFleet() {
            @Override
            public List<Item> servers() {
                return terminated.isEmpty()
                        ? List.of(new Item(new ServerId("i-0123456789abcdef0"), Optional.of(stuck.id()),
                                Optional.of(CREATED.plus(Duration.ofMinutes(50))), CREATED))
                        : List.of();
            }

            @Override
            public void terminate(ServerId server) {
                terminated.add(server);
            }
        };
        Clock later = Clock.fixed(CREATED.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        ByteArrayOutputStream metrics = new ByteArrayOutputStream();
        ReaperHandler handler = new ReaperHandler(new ReapingSessions(new ScenarioCatalog(List.of(NGINX)), sessions,
                new InMemoryActiveSessions(), () -> { }, fleet, later, Duration.ofMinutes(5)),
                new PastDeadlineMetric(new PrintStream(metrics, true, StandardCharsets.UTF_8), later));

        // when the schedule fires (its payload is not read)
        Map<String, Object> answer = handler.handleRequest(Map.of("source", "aws.scheduler"), null);

        // then the session is closed, its server is gone, and the answer says so
        assertThat(answer).containsEntry("sessionsClosed", List.of(stuck.id().value()));
        assertThat(answer.get("serversTerminated")).isEqualTo(List.of());
        assertThat(terminated).containsExactly(new ServerId("i-0123456789abcdef0"));
        assertThat(sessions.find(stuck.id()).orElseThrow().state()).isEqualTo(SessionState.FAILED);
        // and the run's metric says no server was found past its deadline (its session's closing took it)
        assertThat(metrics.toString(StandardCharsets.UTF_8)).contains("\"ServersPastDeadline\":0}");
    }

    @Test
    void handleRequest_shouldCountServersPastTheirDeadline_inTheMetricLine() {
        // given a server whose deadline passed an hour ago, its session gone from the table
        Instant deadline = CREATED.plus(Duration.ofMinutes(30));
        List<ServerId> terminated = new ArrayList<>();
        ServerFleet fleet = new ServerFleet() {
            @Override
            public List<Item> servers() {
                return List.of(new Item(new ServerId("i-0fedcba9876543210"), Optional.of(SessionId.random()),
                        Optional.of(deadline), CREATED));
            }

            @Override
            public void terminate(ServerId server) {
                terminated.add(server);
            }
        };
        Clock later = Clock.fixed(deadline.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        ByteArrayOutputStream metrics = new ByteArrayOutputStream();
        ReaperHandler handler = new ReaperHandler(new ReapingSessions(new ScenarioCatalog(List.of(NGINX)),
                new InMemorySessions(), new InMemoryActiveSessions(), () -> { }, fleet, later, Duration.ofMinutes(5)),
                new PastDeadlineMetric(new PrintStream(metrics, true, StandardCharsets.UTF_8), later));

        // when the schedule fires
        handler.handleRequest(Map.of(), null);

        // then one EMF line counts it, in the namespace, name and (no) dimensions the operators' alarm reads
        assertThat(terminated).containsExactly(new ServerId("i-0fedcba9876543210"));
        assertThat(metrics.toString(StandardCharsets.UTF_8).strip()).isEqualTo(PastDeadlineMetric.line(1, later.millis()));
    }

    @Test
    void line_shouldBeAnEmbeddedMetricFormatDocument_withoutDimensions() throws Exception {
        JsonNode line = new ObjectMapper().readTree(PastDeadlineMetric.line(3, 1_764_320_000_000L));

        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(1_764_320_000_000L);
        assertThat(directive.path("Namespace").asText()).isEqualTo("breakfix");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[]]");
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("ServersPastDeadline");
        assertThat(directive.path("Metrics").get(0).path("Unit").asText()).isEqualTo("Count");
        assertThat(line.path("ServersPastDeadline").asLong()).isEqualTo(3);
    }

    @Test
    void grace_shouldComeFromTheEnvironment_orBeFiveMinutes() {
        assertThat(ReaperHandler.grace(Map.of("REAPER_GRACE_MINUTES", "12"))).isEqualTo(Duration.ofMinutes(12));
        assertThat(ReaperHandler.grace(Map.of())).isEqualTo(Duration.ofMinutes(5));
    }
}
