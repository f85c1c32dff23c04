package dev.breakfix.api.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionState;
import java.time.Instant;
import java.util.Optional;

/** How a session looks in the API; written by hand so the contract is visible. Internals (tokens, servers) stay out. */
final class SessionJson {
    private SessionJson() {}

    static ObjectNode of(Session session) {
        ObjectNode node = ApiResponses.JSON.createObjectNode()
                .put("id", session.id().value())
                .put("scenarioId", session.scenarioId())
                .put("state", session.state().name());
        SessionState.Progress progress = session.state().progress();
        node.putObject("progress").put("stage", progress.stage()).put("step", progress.step()).put("of", progress.of());
        node.put("createdAt", session.createdAt().toString());
        time(node, "readyAt", session.readyAt());
        time(node, "expiresAt", session.expiresAt());
        node.put("solved", session.solved());
        time(node, "solvedAt", session.solvedAt());
        time(node, "endedAt", session.endedAt());
        if (session.endReason().isPresent()) {
            node.put("endReason", session.endReason().get().name());
        } else {
            node.putNull("endReason");
        }
        if (session.failure().isPresent()) {
            node.putObject("failure").put("code", session.failure().get().code())
                    .put("message", session.failure().get().message());
        } else {
            node.putNull("failure");
        }
        node.put("checks", session.checks());
        node.put("hintsRevealed", session.hintsRevealed());
        if (session.timeToSolve().isPresent()) {
            node.put("timeToSolveSeconds", session.timeToSolve().get().toSeconds());
        } else {
            node.putNull("timeToSolveSeconds");
        }
        node.put("endRequested", session.endRequested().isPresent());
        if (!session.owner().candidate().isEmpty()) {
            // Only a partner's sessions have one, and only the partner sees them: its own id for the candidate.
            node.put("candidate", session.owner().candidate());
        }
        return node;
    }

    private static void time(ObjectNode node, String field, Optional<Instant> value) {
        if (value.isPresent()) {
            node.put(field, value.get().toString());
        } else {
            node.putNull(field);
        }
    }
}
