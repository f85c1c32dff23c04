package dev.breakfix.session;

import static dev.breakfix.session.Fixtures.ALICE;
import static dev.breakfix.session.Fixtures.BOB;
import static dev.breakfix.session.Fixtures.CATALOG;
import static dev.breakfix.session.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.recording.InMemoryRecordings;
import dev.breakfix.recording.ViewingRecordings;
import dev.breakfix.workflow.FakeWorkflows;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nobody reaches anything of anyone else's: every use case that takes a session id answers "not found"
 * to another owner, and a partner reaches exactly the sessions it created.
 */
class OwnershipTest {
    private static final Owner P_FOR_ANN = Owner.partner("ptn-pppppppppppppppp", "ann");
    private static final Owner P_FOR_BEN = Owner.partner("ptn-pppppppppppppppp", "ben");
    private static final Owner P_ITSELF = Owner.partner("ptn-pppppppppppppppp", "");
    private static final Owner Q_FOR_ANN = Owner.partner("ptn-qqqqqqqqqqqqqqqq", "ann");

    private final InMemorySessions sessions = new InMemorySessions();
    private final FakeWorkflows workflows = new FakeWorkflows();

    private Session readyOf(Owner owner) {
        Session s = Session.requested(SessionId.random(), owner, Fixtures.NGINX.id(), NOW.minusSeconds(5));
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        return sessions.markReady(s.id(), NOW, NOW.plusSeconds(900)).orElseThrow();
    }

    @Test
    void mayAccess_shouldLetOwnersAndTheirPartnerIn_andNobodyElse() {
        assertThat(ALICE.mayAccess(ALICE)).isTrue();
        assertThat(BOB.mayAccess(ALICE)).isFalse();
        assertThat(P_FOR_BEN.mayAccess(P_FOR_ANN)).isTrue();
        assertThat(P_ITSELF.mayAccess(P_FOR_ANN)).isTrue();
        assertThat(Q_FOR_ANN.mayAccess(P_FOR_ANN)).isFalse();
        // a user whose subject happens to equal a partner's id is still not that partner
        assertThat(Owner.user("ptn-pppppppppppppppp").mayAccess(P_FOR_ANN)).isFalse();
        assertThat(P_ITSELF.mayAccess(Owner.user("ptn-pppppppppppppppp"))).isFalse();
        assertThat(Owner.anonymous(ALICE.id()).mayAccess(ALICE)).isFalse();
    }

    @Test
    void bob_shouldNotSeeCheckEndExtendHintOrReplayAlicesSession() {
        Session alices = readyOf(ALICE);
        EndingSession ending = new EndingSession(sessions, workflows);

        assertThat(new ViewingSessions(sessions).get(BOB, alices.id())).isEmpty();
        assertThat(new CheckingSolution(CATALOG, sessions, id -> Optional.empty(), null, ending, Fixtures.clockAt(NOW))
                .check(BOB, alices.id(), false)).isInstanceOf(CheckingSolution.Result.NotFound.class);
        assertThat(ending.end(BOB, alices.id(), EndReason.USER)).isInstanceOf(EndingSession.Result.NotFound.class);
        assertThat(new ExtendingSession(CATALOG, sessions, workflows, Fixtures.clockAt(NOW)).extend(BOB, alices.id()))
                .isInstanceOf(ExtendingSession.Result.NotFound.class);
        assertThat(new RevealingHint(CATALOG, sessions).reveal(BOB, alices.id()))
                .isInstanceOf(RevealingHint.Result.NotFound.class);
        assertThat(new ViewingRecordings(sessions, CATALOG, new InMemoryRecordings()).own(BOB, alices.id()))
                .isInstanceOf(ViewingRecordings.Result.NoSession.class);
        // and nothing of alice's changed
        assertThat(sessions.find(alices.id())).contains(alices);
        assertThat(workflows.signals).isEmpty();
    }

    @Test
    void partner_shouldReachEverySessionItCreated_whicheverCandidateItNames() {
        Session forAnn = readyOf(P_FOR_ANN);
        ViewingSessions viewing = new ViewingSessions(sessions);

        assertThat(viewing.get(P_FOR_BEN, forAnn.id())).isPresent();
        assertThat(viewing.get(P_ITSELF, forAnn.id())).isPresent();
        assertThat(new ExtendingSession(CATALOG, sessions, workflows, Fixtures.clockAt(NOW)).extend(P_ITSELF, forAnn.id()))
                .isInstanceOf(ExtendingSession.Result.Extended.class);
    }

    @Test
    void partnerQ_shouldNotSeeOrListPartnerPsSessions() {
        Session forAnn = readyOf(P_FOR_ANN);
        readyOf(P_FOR_BEN);
        ViewingSessions viewing = new ViewingSessions(sessions);

        assertThat(viewing.get(Q_FOR_ANN, forAnn.id())).isEmpty();
        assertThat(viewing.list(Q_FOR_ANN, 10, Optional.empty()).items()).isEmpty();
        assertThat(viewing.list(Owner.partner(Q_FOR_ANN.id(), ""), 10, Optional.empty()).items()).isEmpty();
        assertThat(new EndingSession(sessions, workflows).end(Q_FOR_ANN, forAnn.id(), EndReason.USER))
                .isInstanceOf(EndingSession.Result.NotFound.class);
    }

    @Test
    void list_shouldShowAPartnerEveryCandidate_orTheOneItNames() {
        Session forAnn = readyOf(P_FOR_ANN);
        Session forBen = readyOf(P_FOR_BEN);
        ViewingSessions viewing = new ViewingSessions(sessions);

        assertThat(viewing.list(P_ITSELF, 10, Optional.empty()).items()).extracting(Session::id)
                .containsExactlyInAnyOrder(forAnn.id(), forBen.id());
        assertThat(viewing.list(P_FOR_BEN, 10, Optional.empty()).items()).extracting(Session::id)
                .containsExactly(forBen.id());
    }
}
