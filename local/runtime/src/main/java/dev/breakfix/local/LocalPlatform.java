package dev.breakfix.local;

import dev.breakfix.api.Platform;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.server.Servers;
import dev.breakfix.session.ActiveSessions;
import dev.breakfix.session.ServerSlots;
import dev.breakfix.session.Sessions;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.tasks.TaskPlatform;
import dev.breakfix.workflow.Workflows;
import java.time.Clock;

/**
 * Every dependency of the API handlers and the workflow's tasks, wired to local adapters: DynamoDB
 * adapters on dynalite, recordings on s3proxy, servers as LXC containers, the workflow on the local
 * runner. Built once by {@link LocalRuntime}; plain fields, no lookups.
 */
record LocalPlatform(
        ScenarioCatalog catalog,
        Clock clock,
        Sessions sessions,
        ActiveSessions activeSessions,
        ServerSlots serverSlots,
        int maxRunningServers,
        Workflows workflows,
        Routes routes,
        ScenarioChecks checks,
        AnonymousTokens anonymousTokens,
        Servers servers,
        Ec2LaunchRequests.Settings launchSettings,
        Recordings recordings,
        MasterSecret masterSecret,
        SshConnector ssh) implements Platform, TaskPlatform {}
