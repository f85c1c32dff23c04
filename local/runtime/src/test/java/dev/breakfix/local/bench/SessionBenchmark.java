package dev.breakfix.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.local.LocalConfig;
import dev.breakfix.local.LocalRuntime;
import dev.breakfix.local.LocalWiring;
import dev.breakfix.local.support.ApiClient;
import dev.breakfix.local.support.Eventually;
import dev.breakfix.local.support.PlatformState;
import dev.breakfix.local.support.ShortDeadlines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Session benchmarks against a real local runtime of its own (a fresh state directory, real LXC servers),
 * driven through HTTP as the website drives it. Figures, not assertions; run by local/bench/sessions.sh.
 *
 * <ul>
 *   <li>{@code ready N} — N sessions one after the other: POST /api/sessions → READY (seen by polling
 *       GET every 20 ms), p50/p95; each is ended before the next starts. One warm-up session first.</li>
 *   <li>{@code burst N} — N visitors (N anonymous tokens) start a session at the same moment: how many
 *       become READY, and the time from the start until the last one is (each polls every 250 ms).</li>
 *   <li>{@code deadline N} — N sessions whose time limit is cut to 5 s once READY: from the deadline
 *       the API shows to the server being gone (its folder and container removed), p50/p95.</li>
 * </ul>
 */
public final class SessionBenchmark {
    private static final String SCENARIO = "nginx-wont-start";
    /** How often one visitor asks whether its session is READY (sequential runs). */
    private static final Duration POLL = Duration.ofMillis(20);
    /**
     * How often each of many visitors asks at once: the website polls about this often; twenty
     * visitors at 20 ms would be 1,000 requests a second on the single-threaded DynamoDB emulator,
     * which would measure the emulator, not the sessions.
     */
    private static final Duration BURST_POLL = Duration.ofMillis(250);
    private static final Duration SHORT_LIMIT = Duration.ofSeconds(5);

    private SessionBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SessionBenchmark CHECKOUT ready|burst|deadline [N] [SCENARIO]");
            System.exit(2);
        }
        Path checkout = Path.of(args[0]).toAbsolutePath().normalize();
        String what = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String scenario = args.length > 3 ? args[3] : SCENARIO;
        Path state = Files.createTempDirectory("breakfix-bench-");
        LocalWiring wiring = what.equals("deadline")
                ? LocalWiring.STANDARD.withSessions(real -> ShortDeadlines.of(real, SHORT_LIMIT))
                : LocalWiring.STANDARD;
        System.out.printf("%s, %d sessions of %s, %d cores, state in %s%n", what, n, scenario,
                Runtime.getRuntime().availableProcessors(), state);
        try (LocalRuntime runtime = LocalRuntime.start(LocalConfig.forCheckout(checkout, 0).withStateDir(state),
                Clock.systemUTC(), wiring);
                PlatformState platform = new PlatformState(checkout, state).using(runtime.dynamoDb())) {
            ApiClient api = new ApiClient(runtime.port());
            try {
                switch (what) {
                    case "ready":
                        ready(api, n, scenario);
                        break;
                    case "burst":
                        burst(api, n, scenario);
                        break;
                    case "deadline":
                        deadline(api, platform, n, scenario);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown benchmark " + what);
                }
            } finally {
                platform.terminateAllServers();
            }
        }
    }

    private static void ready(ApiClient api, int n, String scenario) {
        Result warmUp = oneSession(api, scenario);
        System.out.printf("warm-up: %d ms to READY%n", warmUp.clientMillis());
        List<Long> client = new ArrayList<>();
        List<Long> server = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Result r = oneSession(api, scenario);
            client.add(r.clientMillis());
            server.add(r.serverMillis());
            System.out.printf("session %2d: %5d ms to READY (createdAt → readyAt %5d ms)%n", i + 1, r.clientMillis(),
                    r.serverMillis());
        }
        System.out.println("POST /api/sessions → READY (polled): " + summary(client));
        System.out.println("createdAt → readyAt (server clock):  " + summary(server));
    }

    private record Result(long clientMillis, long serverMillis) {}

    private static Result oneSession(ApiClient api, String scenario) {
        String token = api.anonymousToken();
        long started = System.nanoTime();
        String id = api.started(token, scenario);
        JsonNode ready = awaitReady(api, token, id);
        long clientMillis = (System.nanoTime() - started) / 1_000_000;
        long serverMillis = Duration.between(Instant.parse(ready.path("createdAt").asText()),
                Instant.parse(ready.path("readyAt").asText())).toMillis();
        api.endAndAwait(token, id);
        return new Result(clientMillis, serverMillis);
    }

    private static void burst(ApiClient api, int n, String scenario) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(api.anonymousToken());
        }
        ExecutorService visitors = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<long[]>> sessions = new ArrayList<>();
        long[] startedAt = new long[1];
        for (String token : tokens) {
            sessions.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ApiClient.Answer answer = api.start(token, scenario);
                if (answer.status() != 202) {
                    return new long[] {-1, answer.status()};
                }
                String id = answer.body().path("id").asText();
                try {
                    awaitReady(api, token, id, BURST_POLL);
                    return new long[] {(System.nanoTime() - startedAt[0]) / 1_000_000, 202};
                } catch (AssertionError notReady) {
                    return new long[] {-1, 202};
                } finally {
                    api.endAndAwait(token, id);
                }
            }, visitors));
        }
        startedAt[0] = System.nanoTime();
        go.countDown();
        List<Long> readyAt = new ArrayList<>();
        int refused = 0;
        for (CompletableFuture<long[]> session : sessions) {
            long[] r = session.get();
            if (r[0] >= 0) {
                readyAt.add(r[0]);
            } else if (r[1] != 202) {
                refused++;
            }
        }
        visitors.shutdown();
        Collections.sort(readyAt);
        System.out.printf("%d sessions started at once: %d READY, %d refused; first READY after %d ms, last after %d ms%n",
                n, readyAt.size(), refused, readyAt.isEmpty() ? -1 : readyAt.get(0),
                readyAt.isEmpty() ? -1 : readyAt.get(readyAt.size() - 1));
        System.out.println("start → READY, per session: " + summary(readyAt));
    }

    private static void deadline(ApiClient api, PlatformState platform, int n, String scenario) {
        List<Long> gone = new ArrayList<>();
        List<Long> ended = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String token = api.anonymousToken();
            String id = api.started(token, scenario);
            JsonNode ready = awaitReady(api, token, id);
            Instant expiresAt = Instant.parse(ready.path("expiresAt").asText());
            List<String> servers = platform.serversOf(id);
            Instant goneAt = Eventually.await("the server is gone", Duration.ofSeconds(120), () ->
                    servers.stream().noneMatch(s -> Files.exists(platform.serversDir().resolve(s)))
                            ? Optional.of(Instant.now()) : Optional.empty());
            JsonNode over = api.awaitState(token, id, Set.of("ENDED", "FAILED"), Duration.ofSeconds(60));
            long goneMillis = Duration.between(expiresAt, goneAt).toMillis();
            long endedMillis = Duration.between(expiresAt, Instant.parse(over.path("endedAt").asText())).toMillis();
            gone.add(goneMillis);
            ended.add(endedMillis);
            System.out.printf("session %2d: server gone %5d ms after the deadline; session %s/%s %5d ms after%n",
                    i + 1, goneMillis, over.path("state").asText(), over.path("endReason").asText(), endedMillis);
        }
        System.out.println("deadline → server gone: " + summary(gone));
        System.out.println("deadline → session ENDED (endedAt): " + summary(ended));
    }

    private static JsonNode awaitReady(ApiClient api, String token, String id) {
        return awaitReady(api, token, id, POLL);
    }

    private static JsonNode awaitReady(ApiClient api, String token, String id, Duration poll) {
        long until = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < until) {
            JsonNode session = api.get(token, id).body();
            String state = session.path("state").asText();
            if (state.equals("READY")) {
                return session;
            }
            if (state.equals("FAILED") || state.equals("ENDED")) {
                throw new AssertionError("session " + id + " did not become READY: " + session);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("session " + id + " not READY within 180 s");
    }

    static String summary(List<Long> millis) {
        if (millis.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("n=%d p50 %d ms, p95 %d ms, min %d ms, max %d ms", sorted.size(), percentile(sorted, 50),
                percentile(sorted, 95), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
