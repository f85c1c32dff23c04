package dev.breakfix.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/** The built website, as CloudFront serves it from S3; a clear page when it has not been built. */
final class Website {
    private Website() {}

    static Handler serving(Path siteDir, ResourceFactory resources) {
        if (!Files.isRegularFile(siteDir.resolve("index.html"))) {
            return new NotBuilt(siteDir);
        }
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(resources.newResource(siteDir));
        files.setDirAllowed(false);
        files.setWelcomeFiles("index.html");
        files.setCacheControl("no-cache");
        return files;
    }

    private static final class NotBuilt extends Handler.Abstract {
        private final Path siteDir;

        NotBuilt(Path siteDir) {
            this.siteDir = siteDir;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, "The website is not built: " + siteDir
                    + "/index.html is missing.\nRun `./breakfix up`, or `npm run build` in frontend/.\n", callback);
            return true;
        }
    }
}
