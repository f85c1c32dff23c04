package dev.breakfix.cdk.images;

import dev.breakfix.scenario.ImageScripts;
import dev.breakfix.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The EC2 Image Builder component documents, built from the same files the local image builder uses
 * ({@code local/sandbox}): {@code scenario-amis/base/packages.txt} and {@code provision.sh} for the
 * base, and each scenario's {@code packages}, login user and {@code setup.sh}. Scripts travel inside
 * the document base64-encoded, so no character in them can break the YAML or a here-document.
 *
 * <p>On AWS the steps run on a booted Debian 12 instance (systemd running), as root, in this order:
 * base packages, {@code provision.sh}, the scenario's packages, its login user, {@code setup.sh}, then
 * {@link #finish()}, which leaves nothing of the build running on the servers.
 */
public final class ImageComponents {
    /** Image Builder refuses inline component documents longer than this. */
    public static final int MAX_DOCUMENT_CHARS = 16_000;

    private static final Pattern DEBIAN_PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private ImageComponents() {}

    /** {@code packages.txt} then {@code provision.sh}: the base every scenario server starts from. */
    public static String base(Path baseFolder) {
        List<String> packages = packageList(read(baseFolder.resolve("packages.txt")));
        String provision = read(baseFolder.resolve("provision.sh"));
        return document("breakfix-base", "breakfix base: Debian packages and provisioning (scenario-amis/base)",
                List.of(
                        step("InstallBasePackages", aptInstall(packages)),
                        step("Provision", runScript("provision", provision))));
    }

    /** The scenario's packages, its login user, then {@code setup.sh}, which breaks the server. */
    public static String scenario(Scenario scenario, Path scenarioFolder) {
        String setup = read(scenarioFolder.resolve("setup.sh"));
        List<String> steps = new ArrayList<>();
        if (!scenario.packages().isEmpty()) {
            steps.add(step("InstallScenarioPackages", aptInstall(scenario.packages())));
        }
        steps.add(step("PrepareLoginUser", ImageScripts.loginUser(scenario, scenarioFolder.getParent())));
        steps.add(step("BreakTheServer", runScript("setup", setup)));
        return document("breakfix-" + scenario.id(), "breakfix scenario " + scenario.id() + ": packages, login user, setup.sh",
                steps);
    }

    /**
     * The AWS-only last step. cloud-init must not create or change users (the image's users and sudo
     * rules are the scenario's, and Debian's cloud-init would otherwise give {@code admin} sudo on every
     * server); the Systems Manager agent that Image Builder needed is disabled, since no agent runs on a
     * scenario server; apt's lists are dropped (servers have no network).
     */
    public static String finish() {
        String script = String.join("\n",
                "set -euo pipefail",
                "install -d -m 0755 /etc/cloud/cloud.cfg.d",
                "cat >/etc/cloud/cloud.cfg.d/90-breakfix.cfg <<'CFG'",
                "# breakfix: users and sudo rules come from the image; cloud-init only runs the launch user data.",
                "users: []",
                "disable_root: false",
                "ssh_pwauth: false",
                "CFG",
                "if systemctl list-unit-files amazon-ssm-agent.service >/dev/null 2>&1; then",
                "  systemctl disable amazon-ssm-agent.service",
                "  systemctl mask amazon-ssm-agent.service",
                "fi",
                "apt-get clean",
                "rm -rf /var/lib/apt/lists/*",
                "");
        return document("breakfix-finish", "breakfix: cloud-init keeps the image's users; no agent left running",
                List.of(step("Finish", script)));
    }

    /**
     * The build instance's user data: Debian's AMI has no Systems Manager agent, which Image Builder
     * drives the build through, so it is installed from the region's own bucket at first boot (and
     * disabled again by {@link #finish()}).
     */
    public static String buildInstanceUserData(String region) {
        return String.join("\n",
                "#!/bin/bash",
                "set -euo pipefail",
                "cd /tmp",
                "curl -fsSL -o amazon-ssm-agent.deb https://s3." + region + ".amazonaws.com/amazon-ssm-" + region
                        + "/latest/debian_arm64/amazon-ssm-agent.deb",
                "dpkg -i amazon-ssm-agent.deb",
                "systemctl enable --now amazon-ssm-agent",
                "");
    }

    /** A short, stable fingerprint of a document: component and recipe versions change with it. */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A semantic version Image Builder accepts ({@code 1.0.N}) that changes whenever the content does:
     * components and recipes are immutable per version, so a changed script must get a new one.
     */
    public static String version(String fingerprint) {
        long patch = Long.parseLong(fingerprint.substring(0, 7), 16) % 1_000_000_000L;
        return "1.0." + patch;
    }

    /** The lines of a package list that name packages ({@code #} starts a comment). */
    static List<String> packageList(String text) {
        List<String> packages = new ArrayList<>();
        for (String line : text.split("\n")) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                packages.add(name);
            }
        }
        return packages;
    }

    private static String aptInstall(List<String> packages) {
        for (String name : packages) {
            if (!DEBIAN_PACKAGE.matcher(name).matches()) {
                throw new IllegalArgumentException("not a Debian package name: " + name);
            }
        }
        return "set -euo pipefail\n"
                + "export DEBIAN_FRONTEND=noninteractive\n"
                + "apt-get update\n"
                + "apt-get install -y --no-install-recommends " + String.join(" ", packages) + "\n";
    }

    private static String runScript(String name, String script) {
        String encoded = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
        String file = "/tmp/breakfix-" + name + ".sh";
        return "set -euo pipefail\n"
                + "echo '" + encoded + "' | base64 -d >" + file + "\n"
                + "bash " + file + "\n"
                + "rm -f " + file + "\n";
    }

    private static String step(String name, String script) {
        StringBuilder step = new StringBuilder()
                .append("      - name: ").append(name).append('\n')
                .append("        action: ExecuteBash\n")
                .append("        inputs:\n")
                .append("          commands:\n")
                .append("            - |\n");
        for (String line : script.split("\n")) {
            step.append("              ").append(line).append('\n');
        }
        return step.toString();
    }

    private static String document(String name, String description, List<String> steps) {
        String document = "name: " + name + "\n"
                + "description: \"" + description.replace("\"", "'") + "\"\n"
                + "schemaVersion: 1.0\n"
                + "phases:\n"
                + "  - name: build\n"
                + "    steps:\n"
                + String.join("", steps);
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw new IllegalArgumentException("the Image Builder component " + name + " is " + document.length()
                    + " characters; Image Builder takes " + MAX_DOCUMENT_CHARS + " inline. Shorten its scripts.");
        }
        return document;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
