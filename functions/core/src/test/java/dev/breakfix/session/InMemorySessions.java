package dev.breakfix.session;

import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.charset.StandardCharsets;

/** {@link Sessions} in memory, with the same conditions as the DynamoDB adapter (see SessionsContract). */
public final class InMemorySessions implements Sessions {
    private final Map<SessionId, Session> byId = new LinkedHashMap<>();
    private final Set<SessionId> slotHolds = new HashSet<>();

    @Override
    public synchronized boolean create(Session session) {
        return byId.putIfAbsent(session.id(), session) == null;
    }

    @Override
    public synchronized Optional<Session> find(SessionId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Page listByOwner(Owner owner, int limit, Optional<String> cursor) {
        return page(s -> s.owner().equals(owner), limit, cursor);
    }

    @Override
    public synchronized Page listByPartner(String partnerId, int limit, Optional<String> cursor) {
        return page(s -> s.owner().kind() == Owner.Kind.PARTNER && s.owner().id().equals(partnerId), limit, cursor);
    }

    private Page page(java.util.function.Predicate<Session> listed, int limit, Optional<String> cursor) {
        List<Session> all = byId.values().stream()
                .filter(listed)
                .sorted(Comparator.comparing(Session::createdAt).thenComparing(s -> s.id().value()).reversed())
                .toList();
        int from = 0;
        if (cursor.isPresent()) {
            String after;
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadCursorException();
            }
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().value().equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw new BadCursorException();
            }
        }
        List<Session> page = all.subList(from, Math.min(all.size(), from + limit));
        Optional<String> next = from + limit < all.size()
                ? Optional.of(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(page.get(page.size() - 1).id().value().getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
        return new Page(List.copyOf(page), next);
    }

    @Override
    public synchronized Optional<Session> markReady(SessionId id, Instant now, Instant expiresAt) {
        Session s = byId.get(id);
        if (s == null || s.state() != SessionState.BOOTING || s.endRequested().isPresent()) {
            return Optional.empty();
        }
        return put(s.readyUntil(now, expiresAt));
    }

    @Override
    public synchronized Optional<Session> storeWaitToken(SessionId id, String token) {
        Session s = byId.get(id);
        if (s == null || s.state() != SessionState.READY) {
            return Optional.empty();
        }
        return put(s.withWaitToken(Optional.of(token)));
    }

    @Override
    public synchronized Optional<Session> requestEnd(SessionId id, EndReason reason) {
        Session s = byId.get(id);
        if (s == null || s.state().isFinal() || s.state() == SessionState.ENDING) {
            return Optional.empty();
        }
        return put(s.endRequested().isPresent() ? s : s.withEndRequested(reason));
    }

    @Override
    public synchronized Optional<Session> extend(SessionId id, Instant current, Instant next) {
        Session s = byId.get(id);
        if (s == null || s.state() != SessionState.READY || !s.expiresAt().equals(Optional.of(current))) {
            return Optional.empty();
        }
        return put(s.withExpiresAt(next));
    }

    @Override
    public synchronized void markFailed(SessionId id, Session.Failure failure, Instant now) {
        Session s = byId.get(id);
        if (s != null && !s.state().isFinal()) {
            put(s.failed(now, failure));
        }
    }

    @Override
    public synchronized boolean startCheck(SessionId id, Instant now, Instant lastCheckNotAfter) {
        Session s = byId.get(id);
        if (s == null || s.lastCheckAt().filter(last -> last.isAfter(lastCheckNotAfter)).isPresent()) {
            return false;
        }
        put(s.checkedAt(now, false));
        return true;
    }

    @Override
    public synchronized void recordCheck(SessionId id, Instant now, boolean passed) {
        Session s = byId.get(id);
        if (s != null && passed && !s.solved()) {
            // startCheck counted the attempt; only the solve is recorded here.
            Session solved = s.checkedAt(now, true);
            put(new Session(solved.id(), solved.owner(), solved.scenarioId(), solved.state(), solved.createdAt(),
                    solved.readyAt(), solved.expiresAt(), true, solved.solvedAt(), solved.endedAt(),
                    solved.endReason(), solved.failure(), solved.serverId(), solved.waitToken(),
                    solved.endRequested(), s.checks(), s.lastCheckAt(), solved.hintsRevealed()));
        }
    }

    @Override
    public synchronized Optional<Integer> revealHint(SessionId id, int available) {
        Session s = byId.get(id);
        if (s == null || s.hintsRevealed() >= available) {
            return Optional.empty();
        }
        put(s.withHintsRevealed(s.hintsRevealed() + 1));
        return Optional.of(s.hintsRevealed() + 1);
    }

    @Override
    public synchronized List<Session> listUnfinished(Instant createdBefore, int limit) {
        return byId.values().stream()
                .filter(s -> !s.state().isFinal() && s.createdAt().isBefore(createdBefore))
                .sorted(Comparator.comparing(Session::createdAt).thenComparing(s -> s.id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean dropSlotHold(SessionId id) {
        return slotHolds.remove(id);
    }

    @Override
    public synchronized boolean reap(SessionId id, Session.Failure failure, Instant now) {
        Session s = byId.get(id);
        if (s == null || s.state().isFinal()) {
            return false;
        }
        put(s.reaped(now, failure));
        return true;
    }

    /** Test helper: the workflow's note that the session holds a server slot ("Note on the session…"). */
    public synchronized void noteSlotHeld(SessionId id) {
        if (byId.containsKey(id)) {
            slotHolds.add(id);
        }
    }

    /** Test helper: the workflow's writes (launching, booting, ending…) that go straight to the table. */
    public synchronized void put(SessionId id, java.util.function.UnaryOperator<Session> change) {
        put(change.apply(byId.get(id)));
    }

    private Optional<Session> put(Session session) {
        byId.put(session.id(), session);
        return Optional.of(session);
    }
}
