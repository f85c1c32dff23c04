package dev.breakfix.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryRootTest {

    @Test
    void findFrom_shouldReturnTheCheckout_whenStartedInASubfolder(@TempDir Path checkout) throws IOException {
        // given a checkout with cdk.json and functions/, and the app started in cdk/
        Files.writeString(checkout.resolve("cdk.json"), "{}");
        Files.createDirectories(checkout.resolve("functions/api"));
        Path cdk = Files.createDirectories(checkout.resolve("cdk"));

        assertThat(RepositoryRoot.findFrom(cdk).path()).isEqualTo(checkout.toAbsolutePath().normalize());
        assertThat(RepositoryRoot.findFrom(checkout).path()).isEqualTo(checkout.toAbsolutePath().normalize());
    }

    @Test
    void findFrom_shouldRefuse_whenNoFolderAboveIsACheckout(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> RepositoryRoot.findFrom(elsewhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cdk.json");
    }

    @Test
    void apiLambdaJar_shouldSayHowToBuildIt_whenMissing(@TempDir Path checkout) {
        RepositoryRoot root = new RepositoryRoot(checkout);

        assertThatThrownBy(root::apiLambdaJar)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("breakfix-api-lambda.jar")
                .hasMessageContaining("mvn package");
    }

    @Test
    void apiLambdaJar_shouldBeTheShadedJarOfFunctionsApi_whenBuilt(@TempDir Path checkout) throws IOException {
        Path jar = checkout.resolve("functions/api/target/breakfix-api-lambda.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {'P', 'K'});

        assertThat(new RepositoryRoot(checkout).apiLambdaJar()).isEqualTo(jar);
    }

    @Test
    void cdkContext_shouldBeTheContextOfCdkJson_always(@TempDir Path checkout) throws IOException {
        Files.writeString(checkout.resolve("cdk.json"),
                "{\"app\": \"java\", \"context\": {\"@aws-cdk/core:flag\": true, \"days\": 30}}");

        assertThat(new RepositoryRoot(checkout).cdkContext())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("@aws-cdk/core:flag", true, "days", 30));
    }
}
