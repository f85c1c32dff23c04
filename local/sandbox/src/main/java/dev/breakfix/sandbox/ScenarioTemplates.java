package dev.breakfix.sandbox;

import java.util.List;

/** The commented starting point that {@code scenario new} writes; scenario-amis/README.md has the rest. */
final class ScenarioTemplates {
    private ScenarioTemplates() {}

    record File(String name, String text) {}

    static List<File> files(String id) {
        return List.of(
                new File("scenario.yaml", """
                        # What the catalog shows, and how the server is made. Validated by ./breakfix scenario lint.
                        id: %1$s                   # must equal the folder name
                        title: "A one-line title"
                        summary: "One or two sentences: the symptom, as a colleague would report it."
                        difficulty: easy             # easy | medium | hard
                        timeLimitMinutes: 15         # 5 to 180
                        tags: [systemd]              # 1 to 8 lower-case words
                        hostname: srv-01             # the server's name, shown in the prompt
                        # user: admin                # the login user (default admin)
                        # sudo: true                 # passwordless sudo for the login user (default true)
                        # packages: [nginx]          # Debian packages added to the base image (installed with network)
                        # limits: {memoryMiB: 512, pids: 512, cpus: 1.0}
                        publicReplays: false
                        hints:                       # 2 or 3, from gentle to almost the answer
                          - "Where would you look first?"
                          - "A command that narrows it down."
                          - "Nearly the answer."
                        """.formatted(id)),
                new File("description.md", """
                        # A one-line title

                        What the user is told: the situation, as a colleague or a ticket would put it.

                        ## Your task

                        The outcome to reach, stated so that check.sh can test it (not how to get there).

                        ## Good to know

                        - You are logged in as `admin` with passwordless `sudo`.
                        """),
                new File("setup.sh", """
                        #!/bin/bash
                        # Breaks the server. Runs ONCE when the image is built, as root, inside a booted
                        # container (systemd is running) that has NO network: every package it needs must be
                        # listed under `packages:` in scenario.yaml. A non-zero exit fails the build and
                        # shows this script's output.
                        #
                        # Leave the server as the incident left it: enable what would start at boot, write the
                        # broken config, plant the evidence (logs, history). Services stop when the build
                        # ends and start again when a user's server boots.
                        set -euo pipefail

                        echo "break something here"
                        """),
                new File("check.sh", """
                        #!/bin/bash
                        # Decides whether the server is fixed. Sent over SSH when the user asks (never stored
                        # on the server), run by bash as root with no stdin and a 20 s timeout.
                        #   exit 0 = solved; anything else = not yet.
                        #   The FIRST line printed is shown to the user: make it helpful, not a spoiler.
                        # Test the outcome the description asks for, not one particular way of fixing it.
                        set -uo pipefail

                        if true; then
                          echo "Not fixed yet: describe what is still wrong."
                          exit 1
                        fi
                        echo "Fixed: describe what now works."
                        """),
                new File("solution.sh", """
                        #!/bin/bash
                        # The reference fix, run as root by ./breakfix scenario test on a fresh server;
                        # check.sh must pass afterwards. Never shown to users.
                        set -euo pipefail

                        echo "fix it here"
                        """),
                new File("decoy.sh", """
                        #!/bin/bash
                        # Optional: a plausible WRONG fix (what a hurried admin might try), run as root on a
                        # fresh server; check.sh must still fail afterwards. Delete this file if there is none.
                        set -euo pipefail

                        echo "a tempting shortcut here"
                        """));
    }
}
