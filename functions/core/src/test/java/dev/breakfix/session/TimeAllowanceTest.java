package dev.breakfix.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeAllowanceTest {

    private static Scenario lasting(int minutes, int extension) {
        return new Scenario("s", "S", "summary", Difficulty.EASY, minutes, extension, List.of(), "web-01", "admin",
                true, List.of(), ServerLimits.DEFAULT, true, List.of(), "# S");
    }

    @Test
    void of_shouldGiveUsersAndPartnersWhatTheScenarioSays() {
        Scenario scenario = lasting(30, 20);

        assertThat(TimeAllowance.of(Owner.user("alice"), scenario))
                .isEqualTo(new TimeAllowance(Duration.ofMinutes(30), Duration.ofMinutes(20)));
        assertThat(TimeAllowance.of(Owner.partner("ptn-0000000000000000", "c1"), scenario))
                .isEqualTo(new TimeAllowance(Duration.ofMinutes(30), Duration.ofMinutes(20)));
    }

    @Test
    void of_shouldCapAnAnonymousSessionAtFifteenMinutesInAll() {
        Owner visitor = Owner.anonymous("anon-x");

        // a long scenario: 15 minutes and no extension
        assertThat(TimeAllowance.of(visitor, lasting(30, 20)))
                .isEqualTo(new TimeAllowance(Duration.ofMinutes(15), Duration.ZERO));
        // a short one keeps its limit, and extends only up to 15 minutes in all
        assertThat(TimeAllowance.of(visitor, lasting(10, 20)))
                .isEqualTo(new TimeAllowance(Duration.ofMinutes(10), Duration.ofMinutes(5)));
        assertThat(TimeAllowance.of(visitor, lasting(10, 20)).total()).isEqualTo(TimeAllowance.ANONYMOUS_TOTAL);
    }
}
