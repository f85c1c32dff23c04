package dev.breakfix.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageScriptsTest {
    private static final Path SCENARIOS = Path.of("../../scenario-amis");

    private static Scenario scenario(String user, boolean sudo) {
        return new Scenario("x-y", "t", "s", Difficulty.EASY, 15, 15, List.of("x"), "h", user, sudo, List.of(),
                ServerLimits.DEFAULT, false, List.of(), "d");
    }

    @Test
    void loginUser_shouldRunTheBaseScriptWithTheScenariosUserAndSudo() throws IOException {
        String withSudo = ImageScripts.loginUser(scenario("admin", true), SCENARIOS);
        String without = ImageScripts.loginUser(scenario("ops", false), SCENARIOS);

        String script = Files.readString(SCENARIOS.resolve("base/login-user.sh"));
        assertThat(withSudo).isEqualTo("set -- admin yes\n" + script);
        assertThat(without).isEqualTo("set -- ops no\n" + script);
        assertThat(script).contains("NOPASSWD").contains("gpasswd --delete");
    }
}
