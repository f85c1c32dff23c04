package dev.breakfix.tasks;

import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
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

    /** Where scenario servers are launched: template, subnets, security groups, images. */
    Ec2LaunchRequests.Settings launchSettings();

    Recordings recordings();

    Workflows workflows();

    MasterSecret masterSecret();

    SshConnector ssh();
}
