package dev.breakfix.local;

import dev.breakfix.api.Platform;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.recording.RecordingLinks;
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
import dev.breakfix.terminal.TerminalTickets;
import dev.breakfix.tasks.TaskPlatform;
import dev.breakfix.workflow.Workflows;
import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.identity.AnonymousTokenLimit;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UserTokens;
import dev.breakfix.identity.WindowCounters;
import dev.breakfix.local.identity.LocalIdentity;
import java.time.Clock;
import java.util.Optional;

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
        SshConnector ssh,
        LocalIdentity identity) implements Platform, TaskPlatform {

    @Override
    public UserTokens userTokens() {
        return identity.userTokens();
    }

    @Override
    public PartnerKeys partnerKeys() {
        return identity.partnerKeys();
    }

    /** Locally no website-wide usage plan applies (every request comes from one address). */
    @Override
    public Optional<String> websiteUsageKey() {
        return Optional.empty();
    }

    @Override
    public WindowCounters windowCounters() {
        return identity.windowCounters();
    }

    @Override
    public AnonymousTokenLimit anonymousTokenLimit() {
        return identity.anonymousTokenLimit();
    }

    /** Locally the gateway sees the browser's own address. */
    @Override
    public Optional<String> clientAddressHeader() {
        return Optional.empty();
    }

    @Override
    public Optional<SignInSettings> signInSettings() {
        return identity.signInSettings();
    }

    @Override
    public TerminalTickets terminalTickets() {
        return new TerminalTickets(masterSecret, clock);
    }

    /** Locally a response has no size limit: every recording is served inline, with no cross-origin link. */
    @Override
    public RecordingLinks recordingLinks() {
        return RecordingLinks.none();
    }
}
