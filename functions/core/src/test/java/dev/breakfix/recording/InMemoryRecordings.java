package dev.breakfix.recording;

import dev.breakfix.session.SessionId;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link Recordings} in memory, joining chunks as S3Recordings does: in sequence order, a missing line
 * end added between chunks, the final recording followed by any chunk written after it was assembled.
 */
public final class InMemoryRecordings implements Recordings {
    private final Map<SessionId, TreeMap<Integer, byte[]>> chunks = new HashMap<>();
    private final Map<SessionId, byte[]> finals = new HashMap<>();
    private final Map<SessionId, Integer> lastJoined = new HashMap<>();
    /** Every put, in order, for tests that look at the chunks themselves. */
    public final Map<SessionId, TreeMap<Integer, byte[]>> written = new HashMap<>();

    @Override
    public synchronized void putChunk(SessionId session, int sequence, byte[] lines) {
        chunks.computeIfAbsent(session, s -> new TreeMap<>()).put(sequence, lines.clone());
        written.computeIfAbsent(session, s -> new TreeMap<>()).put(sequence, lines.clone());
    }

    @Override
    public synchronized void assemble(SessionId session) {
        TreeMap<Integer, byte[]> pending = chunks.getOrDefault(session, new TreeMap<>());
        int last = lastJoined.getOrDefault(session, -1);
        Map<Integer, byte[]> fresh = pending.tailMap(last, false);
        if (!fresh.isEmpty()) {
            finals.put(session, join(finals.get(session), fresh));
            lastJoined.put(session, pending.lastKey());
        }
        pending.clear();
    }

    @Override
    public synchronized Optional<byte[]> read(SessionId session) {
        byte[] existing = finals.get(session);
        Map<Integer, byte[]> later = chunks.getOrDefault(session, new TreeMap<>())
                .tailMap(lastJoined.getOrDefault(session, -1), false);
        if (existing == null && later.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(join(existing, later));
    }

    /** Whether the session's recording has been assembled into one object. */
    public synchronized boolean assembled(SessionId session) {
        return finals.containsKey(session);
    }

    private static byte[] join(byte[] existing, Map<Integer, byte[]> chunks) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int lastByte = '\n';
        if (existing != null && existing.length > 0) {
            joined.writeBytes(existing);
            lastByte = existing[existing.length - 1];
        }
        for (byte[] chunk : chunks.values()) {
            if (chunk.length == 0) {
                continue;
            }
            if (lastByte != '\n') {
                joined.write('\n');
            }
            joined.writeBytes(chunk);
            lastByte = chunk[chunk.length - 1];
        }
        return joined.toByteArray();
    }
}
