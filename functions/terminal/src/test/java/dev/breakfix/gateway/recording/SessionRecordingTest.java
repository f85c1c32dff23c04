package dev.breakfix.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.recording.InMemoryRecordings;
import dev.breakfix.recording.Recordings;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.PtySize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRecordingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant READY = Instant.parse("2026-11-28T10:00:00Z");
    private static final PtySize SIZE = new PtySize(80, 24);

    private final InMemoryRecordings store = new InMemoryRecordings();
    private final SessionId session = SessionId.random();

    private SessionRecording recording(int writer, int cap) {
        SessionRecording recording = new SessionRecording(session, READY, writer, cap, SIZE, READY, r -> {});
        recording.attach(SIZE, READY);
        recording.load(store, "A scenario");
        return recording;
    }

    private List<String> lines() {
        String text = new String(store.read(session).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n\n");
        return List.of(text.split("\n"));
    }

    @Test
    void load_shouldStoreTheHeaderAsChunkZero_whenNothingIsStoredYet() throws Exception {
        recording(7, 1 << 20);

        assertThat(store.written.get(session).keySet()).containsExactly(0);
        JsonNode header = JSON.readTree(lines().get(0));
        assertThat(header.get("version").asInt()).isEqualTo(2);
        assertThat(header.get("timestamp").asLong()).isEqualTo(READY.getEpochSecond());
    }

    @Test
    void flush_shouldStoreEventsAsAChunkWhoseSequenceFollowsTime_andEndsWithTheWriter() throws Exception {
        // given
        SessionRecording recording = recording(7, 1 << 20);
        recording.output("$ ", READY.plusMillis(1500));
        recording.resize(new PtySize(120, 40), READY.plusMillis(1600));

        // when
        recording.flush(store, READY.plusMillis(2_000));
        recording.output("ls\r\n", READY.plusMillis(2_500));
        recording.flush(store, READY.plusMillis(2_000));

        // then
        assertThat(store.written.get(session).keySet()).containsExactly(0, (20 + 1) * 100 + 7, (20 + 1) * 100 + 7 + 100);
        List<String> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(JSON.readTree(lines.get(1)).toString()).isEqualTo("[1.5,\"o\",\"$ \"]");
        assertThat(JSON.readTree(lines.get(2)).toString()).isEqualTo("[1.6,\"r\",\"120x40\"]");
        assertThat(JSON.readTree(lines.get(3)).get(0).asDouble()).isEqualTo(2.5);
    }

    @Test
    void flush_shouldStoreNothing_whenNothingWaits() {
        SessionRecording recording = recording(7, 1 << 20);

        recording.flush(store, READY.plusSeconds(3));

        assertThat(store.written.get(session)).hasSize(1);
    }

    @Test
    void output_shouldNeverGoBackInTime() throws Exception {
        SessionRecording recording = recording(7, 1 << 20);
        recording.output("a", READY.plusSeconds(5));
        recording.output("b", READY.plusSeconds(4));
        recording.flush(store, READY.plusSeconds(6));

        List<String> lines = lines();
        assertThat(JSON.readTree(lines.get(2)).get(0).asDouble()).isEqualTo(5.0);
    }

    @Test
    void output_shouldStopAtTheCap_withAVisibleNoticeAndAMarker_andStoreNoMore() throws Exception {
        // given a 16 KiB cap
        int cap = 16 * 1024;
        SessionRecording recording = recording(7, cap);

        // when 100 KiB of output comes
        for (int i = 0; i < 100; i++) {
            recording.output("x".repeat(1024), READY.plusMillis(100L * i));
        }
        recording.flush(store, READY.plusSeconds(20));
        recording.output("after the cap", READY.plusSeconds(21));
        recording.flush(store, READY.plusSeconds(22));

        // then
        byte[] stored = store.read(session).orElseThrow();
        assertThat(stored.length).isLessThanOrEqualTo(cap);
        List<String> lines = lines();
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).toString())
                .isEqualTo("[" + JSON.readTree(lines.get(lines.size() - 1)).get(0) + ",\"m\",\"" + SessionRecording.TRUNCATED_MARKER + "\"]");
        assertThat(JSON.readTree(lines.get(lines.size() - 2)).get(2).asText()).contains("size limit");
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("after the cap");
        assertThat(recording.truncated()).isTrue();
    }

    @Test
    void load_shouldContinueAStoredRecording_withoutASecondHeader_andCountItAgainstTheCap() {
        // given a recording a crashed gateway left (header and one chunk)
        SessionRecording first = recording(7, 1 << 20);
        first.output("before the crash", READY.plusSeconds(1));
        first.flush(store, READY.plusSeconds(2));

        // when another writer takes over
        SessionRecording second = recording(8, 1 << 20);
        second.output("after the restart", READY.plusSeconds(30));
        second.flush(store, READY.plusSeconds(31));

        // then
        List<String> lines = lines();
        assertThat(lines.stream().filter(l -> l.startsWith("{"))).hasSize(1);
        assertThat(String.join("\n", lines)).contains("before the crash").contains("after the restart");
        assertThat(second.size()).isEqualTo(store.read(session).orElseThrow().length);
    }

    @Test
    void output_shouldWaitForTheStoredRecordingToBeKnown_thenFollowTheHeader() throws Exception {
        // given a terminal feeding a recording whose stored state is still being read
        SessionRecording recording = new SessionRecording(session, READY, 7, 1 << 20, SIZE, READY, r -> {});
        recording.attach(SIZE, READY);
        recording.output("early output", READY.plusMillis(10));
        recording.flush(store, READY.plusSeconds(1));
        assertThat(store.read(session)).isEmpty();

        // when it is known (nothing stored yet)
        recording.load(store, "t");

        // then the header comes first, the early output after it
        List<String> lines = lines();
        assertThat(JSON.readTree(lines.get(0)).get("version").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(lines.get(1)).get(2).asText()).isEqualTo("early output");
    }

    @Test
    void load_shouldRecordTheTerminalsSizeFirst_whenContinuingARecording() throws Exception {
        recording(7, 1 << 20).flush(store, READY.plusSeconds(1));

        SessionRecording second = new SessionRecording(session, READY, 8, 1 << 20, new PtySize(132, 43),
                READY.plusSeconds(40), r -> {});
        second.attach(new PtySize(132, 43), READY.plusSeconds(40));
        second.load(store, "t");

        List<String> lines = lines();
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).toString()).isEqualTo("[40.0,\"r\",\"132x43\"]");
    }

    @Test
    void load_shouldKeepATruncatedRecordingStopped() {
        SessionRecording first = recording(7, 8 * 1024);
        first.output("y".repeat(10_000), READY.plusSeconds(1));
        first.flush(store, READY.plusSeconds(2));

        SessionRecording second = recording(8, 1 << 20);
        second.output("more", READY.plusSeconds(3));
        second.flush(store, READY.plusSeconds(4));

        assertThat(second.truncated()).isTrue();
        assertThat(new String(store.read(session).orElseThrow(), StandardCharsets.UTF_8)).doesNotContain("more");
    }

    @Test
    void flush_shouldKeepTheLinesForTheNextTry_whenTheStoreFails() {
        // given a store that fails once
        FlakyRecordings flaky = new FlakyRecordings(store);
        SessionRecording recording = new SessionRecording(session, READY, 3, 1 << 20, SIZE, READY, r -> {});
        recording.attach(SIZE, READY);
        recording.load(flaky, "t");
        recording.output("kept", READY.plusSeconds(1));
        flaky.failNext = true;

        // when
        recording.flush(flaky, READY.plusSeconds(2));
        recording.output(" and more", READY.plusSeconds(3));
        recording.flush(flaky, READY.plusSeconds(4));

        // then
        String text = new String(store.read(session).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(text.indexOf("kept")).isPositive().isLessThan(text.indexOf(" and more"));
    }

    @Test
    void discard_shouldLoseOnlyWhatWasNotFlushed() {
        SessionRecording recording = recording(7, 1 << 20);
        recording.output("flushed", READY.plusSeconds(1));
        recording.flush(store, READY.plusSeconds(2));
        recording.output("lost in the crash", READY.plusSeconds(3));

        recording.discard();

        String text = new String(store.read(session).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(text).contains("flushed").doesNotContain("lost in the crash");
    }

    @Test
    void retireIfIdleSince_shouldRetireOnlyARecordingNoTerminalFeeds() {
        SessionRecording recording = recording(7, 1 << 20);

        assertThat(recording.retireIfIdleSince(READY.plusSeconds(100))).isFalse();
        recording.detach(READY.plusSeconds(10));
        assertThat(recording.retireIfIdleSince(READY.plusSeconds(5))).isFalse();
        assertThat(recording.retireIfIdleSince(READY.plusSeconds(10))).isTrue();
        assertThat(recording.attach(SIZE, READY.plusSeconds(11))).isFalse();
    }

    /** Fails the next put when asked to, as S3 sometimes does. */
    private static final class FlakyRecordings implements Recordings {
        private final Recordings store;
        boolean failNext;
        final List<Integer> attempts = new ArrayList<>();

        FlakyRecordings(Recordings store) {
            this.store = store;
        }

        @Override
        public void putChunk(SessionId session, int sequence, byte[] lines) {
            attempts.add(sequence);
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("S3 is having a moment");
            }
            store.putChunk(session, sequence, lines);
        }

        @Override
        public void assemble(SessionId session) {
            store.assemble(session);
        }

        @Override
        public Optional<byte[]> read(SessionId session) {
            return store.read(session);
        }
    }
}
