package dev.breakfix.tasks;

import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Servers;
import dev.breakfix.session.Sessions;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.workflow.Workflows;
import java.time.Clock;

/** What the workflow's tasks depend on; wired for AWS by the function module, for local by the runtime. */
public interface TaskPlatform {
    ScenarioCatalog catalog();

    Clock clock();

    Sessions sessions();

    Servers servers();

    Recordings recordings();

    Workflows workflows();

    MasterSecret masterSecret();

    SshConnector ssh();
}
