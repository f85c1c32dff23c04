package dev.breakfix.server;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.SessionId;

/**
 * Runs a scenario's check script on a session's server (over SSH, sent at check time, never stored
 * on the server) and says whether the server is fixed.
 */
public interface ScenarioChecks {

    CheckOutcome run(SessionId session, Scenario scenario, String address);

    /** {@code message} is one line for the user: the script's first line, cleaned. */
    record CheckOutcome(boolean solved, String message) {}
}
