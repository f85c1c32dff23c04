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
    void lambdaPackage_shouldSayHowToBuildIt_whenMissing(@TempDir Path checkout) {
        RepositoryRoot root = new RepositoryRoot(checkout);

        assertThatThrownBy(() -> root.lambdaPackage(LambdaPackages.Package.API_BASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("functions/api/target/breakfix-api-base.zip")
                .hasMessageContaining("mvn package");
    }

    @Test
    void lambdaPackage_shouldBeTheZipItsModuleBuilds_whenBuilt(@TempDir Path checkout) throws IOException {
        Path zip = checkout.resolve("functions/reaper/target/breakfix-reaper-lambda.zip");
        Files.createDirectories(zip.getParent());
        Files.write(zip, new byte[] {'P', 'K'});

        assertThat(new RepositoryRoot(checkout).lambdaPackage(LambdaPackages.Package.REAPER)).isEqualTo(zip);
    }

    @Test
    void website_shouldSayToRunTheFrontEndBuild_whenDistIsMissing(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("frontend/dist"));

        assertThatThrownBy(() -> new RepositoryRoot(checkout).website())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frontend")
                .hasMessageContaining("npm run build");
    }

    @Test
    void website_shouldBeFrontendDist_whenBuilt(@TempDir Path checkout) throws IOException {
        Path dist = Files.createDirectories(checkout.resolve("frontend/dist"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html>");

        assertThat(new RepositoryRoot(checkout).website()).isEqualTo(dist);
    }

    @Test
    void cdkContext_shouldBeTheContextOfCdkJson_always(@TempDir Path checkout) throws IOException {
        Files.writeString(checkout.resolve("cdk.json"),
                "{\"app\": \"java\", \"context\": {\"@aws-cdk/core:flag\": true, \"days\": 30}}");

        assertThat(new RepositoryRoot(checkout).cdkContext())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("@aws-cdk/core:flag", true, "days", 30));
    }
}
