package dev.breakfix.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scripts both image builders run — the local layers and EC2 Image Builder — read from the
 * scenario folders, so that a server is made the same way in both worlds.
 */
public final class ImageScripts {
    public static final String LOGIN_USER_FILE = "login-user.sh";

    private ImageScripts() {}

    /**
     * {@code base/login-user.sh} with this scenario's user and sudo as its arguments, ready to run as a
     * bash script.
     */
    public static String loginUser(Scenario scenario, Path scenarioRoot) {
        Path file = scenarioRoot.resolve(ScenarioFolders.BASE_IMAGE_FOLDER).resolve(LOGIN_USER_FILE);
        try {
            return "set -- " + scenario.loginUser() + " " + (scenario.sudo() ? "yes" : "no") + "\n"
                    + Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
