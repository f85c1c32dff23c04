package dev.breakfix.scenario;

import java.util.List;

/**
 * One troubleshooting exercise: a deliberately broken server, what the user is told, and how long
 * they have. Read from {@code scenario-amis/<id>/scenario.yaml} and {@code description.md}.
 *
 * @param timeLimitMinutes how long a session lasts before the server is destroyed
 * @param extensionMinutes how much time "extend" may add in total to one session
 * @param hostname the server's host name, shown in the prompt
 * @param loginUser the account the user gets a shell as
 * @param sudo whether {@code loginUser} has passwordless sudo
 * @param packages Debian packages the scenario image adds to the base image
 * @param publicReplays whether anyone may watch replays of this scenario without signing in
 * @param description Markdown shown to the user
 */
public record Scenario(
        String id,
        String title,
        String summary,
        Difficulty difficulty,
        int timeLimitMinutes,
        int extensionMinutes,
        List<String> tags,
        String hostname,
        String loginUser,
        boolean sudo,
        List<String> packages,
        ServerLimits limits,
        boolean publicReplays,
        List<String> hints,
        String description) {

    public static final int MIN_TIME_LIMIT_MINUTES = 5;
    public static final int MAX_TIME_LIMIT_MINUTES = 180;
    public static final int MAX_EXTENSION_MINUTES = 60;
    public static final int DEFAULT_EXTENSION_MINUTES = 15;
    public static final int MAX_HINTS = 5;

    public Scenario {
        tags = List.copyOf(tags);
        packages = List.copyOf(packages);
        hints = List.copyOf(hints);
    }
}
