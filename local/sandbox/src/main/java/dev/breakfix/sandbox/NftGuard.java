package dev.breakfix.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The host's nftables guard for scenario servers: a table of its own ({@code inet breakfix_guard})
 * that drops every connection a server starts towards the host ({@code input}) and everything a
 * server sends to or receives from anywhere else ({@code forward}). Replies on connections the host
 * opened (SSH from the platform) pass. Root inside a server can add routes; the guard is what holds.
 *
 * <p>The rules match the servers' host-side interface names by prefix ({@value #INTERFACE_PREFIX}*),
 * so nothing is added per server and nothing is left behind when one goes away.
 */
final class NftGuard {
    static final String TABLE = "breakfix_guard";
    static final String INTERFACE_PREFIX = "vbfx";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    static final String RULESET = String.join("\n",
            // add + delete + define in one transaction: replaces an older version atomically
            "add table inet " + TABLE,
            "delete table inet " + TABLE,
            "table inet " + TABLE + " {",
            "  chain input {",
            "    type filter hook input priority -10; policy accept;",
            "    iifname \"" + INTERFACE_PREFIX + "*\" ct state established,related accept",
            "    iifname \"" + INTERFACE_PREFIX + "*\" counter drop",
            "  }",
            "  chain forward {",
            "    type filter hook forward priority -10; policy accept;",
            "    iifname \"" + INTERFACE_PREFIX + "*\" counter drop",
            "    oifname \"" + INTERFACE_PREFIX + "*\" counter drop",
            "  }",
            "}",
            "");

    private volatile boolean installed;

    /** Installs or refreshes the table; cheap when it is already in place. */
    void ensure() {
        if (installed && present()) {
            return;
        }
        synchronized (this) {
            if (!nftInstalled()) {
                throw new SandboxException("nft is not installed: apt-get install nftables");
            }
            HostCommands.Result result = HostCommands.run(TIMEOUT, RULESET.getBytes(StandardCharsets.UTF_8),
                    List.of("nft", "-f", "-"));
            if (!result.ok()) {
                throw new SandboxException("cannot install the nftables guard: " + result.tail(10));
            }
            installed = true;
        }
    }

    boolean present() {
        return HostCommands.run(TIMEOUT, "nft", "list", "table", "inet", TABLE).ok();
    }

    /** The table as nft prints it: for tests and for operators. */
    String listing() {
        return HostCommands.run(TIMEOUT, "nft", "list", "table", "inet", TABLE).output();
    }

    static boolean nftInstalled() {
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/nft"));
    }
}
