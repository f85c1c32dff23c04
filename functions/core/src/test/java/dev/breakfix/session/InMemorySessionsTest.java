package dev.breakfix.session;

class InMemorySessionsTest extends SessionsContract {
    private final InMemorySessions sessions = new InMemorySessions();

    @Override
    protected Sessions sessions() {
        return sessions;
    }

    @Override
    protected void workflowMoves(SessionId id, SessionState to) {
        sessions.put(id, s -> s.movedTo(to));
    }

    @Override
    protected void workflowHoldsSlot(SessionId id) {
        sessions.noteSlotHeld(id);
    }
}
