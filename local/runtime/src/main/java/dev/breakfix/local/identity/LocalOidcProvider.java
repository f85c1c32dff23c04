package dev.breakfix.local.identity;

import dev.breakfix.api.auth.OidcAccessTokens;
import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.local.emulators.ChildProcesses;
import dev.breakfix.local.emulators.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local OpenID Connect provider ({@code local/oidc/provider.mjs}, on the npm {@code oidc-provider}),
 * as a child process on a free loopback port. The browser reaches it through the runtime's own origin
 * ({@link OidcProxy}: {@code /oidc/*}), so its issuer is {@code http://localhost:<runtime port>/oidc}
 * and stays the same across restarts on the same port; its signing key lives in the state directory, so
 * tokens issued before a restart are still valid after it. The authorizer fetches the keys straight
 * from the loopback port. A pid file lets a later start stop a provider left by a runtime that was killed.
 *
 * <p>Development only: its users and their passwords are seeded and public (local/README.md).
 */
public final class LocalOidcProvider implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOidcProvider.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /** The website's public client; on AWS the Cognito app client's id takes its place. */
    public static final String CLIENT_ID = "breakfix-website";
    /** The API's audience ({@code aud} of access tokens). */
    public static final String AUDIENCE = "breakfix-api";
    /** The API scope every access token carries; on AWS a Cognito resource server scope of the same name. */
    public static final String API_SCOPE = "breakfix-api/play";
    /** Where the provider lives on the runtime's origin. */
    public static final String MOUNT = "/oidc";

    private final Process process;
    private final Path stateDir;
    private final int port;
    private final String issuer;

    private LocalOidcProvider(Process process, Path stateDir, int port, String issuer) {
        this.process = process;
        this.stateDir = stateDir;
        this.port = port;
        this.issuer = issuer;
    }

    /**
     * Starts the provider for a runtime listening on {@code runtimePort}.
     *
     * @param checkout the repository root (local/oidc/provider.mjs, local/node_modules)
     * @param stateDir where its keys and files live ({@code .breakfix/state/oidc})
     * @throws IllegalStateException with a sentence saying what to do, when it cannot start
     */
    public static LocalOidcProvider start(Path checkout, Path stateDir, int runtimePort)
            throws IOException, InterruptedException {
        Path script = checkout.resolve("local/oidc/provider.mjs");
        Path module = checkout.resolve("local/node_modules/oidc-provider/package.json");
        if (!Files.isRegularFile(module)) {
            throw new IllegalStateException("the local sign-in provider is not installed (" + module.getParent()
                    + " is missing): run `npm ci` in local/, or let `./breakfix up` install it");
        }
        if (!Files.isDirectory(stateDir)) {
            // Its signing key and the development secret live here: the owner's only.
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path pidFile = stateDir.resolve("provider.pid");
        ChildProcesses.stopLeftover(pidFile, "oidc/provider.mjs", "a sign-in provider");
        int port = FreePorts.pick();
        String issuer = issuer(runtimePort);
        List<String> command = new ArrayList<>(List.of("node", "--no-warnings", script.toString(),
                "--port", Integer.toString(port), "--issuer", issuer, "--state", stateDir.toString(),
                "--client-id", CLIENT_ID, "--audience", AUDIENCE, "--scope", API_SCOPE));
        for (String redirect : redirectUris(runtimePort)) {
            command.addAll(List.of("--redirect-uri", redirect));
        }
        Path log = stateDir.resolve("provider.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        if (!FreePorts.awaitListening(port, START_TIMEOUT, process)) {
            process.destroyForcibly();
            throw new IllegalStateException("the local sign-in provider did not start within "
                    + START_TIMEOUT.toSeconds() + " s; see " + log);
        }
        LOG.info("local OIDC provider listening on port {} as {}", port, issuer);
        return new LocalOidcProvider(process, stateDir, port, issuer);
    }

    /** The issuer a runtime on {@code runtimePort} has: its own origin, under {@value #MOUNT}. */
    public static String issuer(int runtimePort) {
        return "http://localhost:" + runtimePort + MOUNT;
    }

    /** Where the website may be sent back to: its root, by either loopback name. */
    public static List<String> redirectUris(int runtimePort) {
        return List.of("http://localhost:" + runtimePort + SignInSettings.REDIRECT_PATH,
                "http://127.0.0.1:" + runtimePort + SignInSettings.REDIRECT_PATH);
    }

    public String issuer() {
        return issuer;
    }

    /** The provider's own loopback address (its keys, the dev token endpoint); the browser uses the proxy. */
    public URI directUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** How the authorizer checks this provider's access tokens: its keys fetched over loopback. */
    public OidcAccessTokens.Settings tokenSettings() {
        return new OidcAccessTokens.Settings(issuer, Optional.of(AUDIENCE), Optional.of(CLIENT_ID),
                directUri().resolve(MOUNT + "/jwks"));
    }

    /** What the website signs in with ({@code GET /api/auth/config}). */
    public SignInSettings signInSettings() {
        return new SignInSettings(issuer, issuer + "/auth", issuer + "/token", Optional.of(issuer + "/session/end"),
                "post_logout_redirect_uri", CLIENT_ID, List.of("openid", "profile", API_SCOPE),
                SignInSettings.REDIRECT_PATH);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Optional.of(stateDir.resolve("provider.pid")));
    }
}
