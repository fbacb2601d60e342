package nl.edigate.camel;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileProducer;
import org.apache.camel.component.file.remote.RemoteFileProducer;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;

/**
 * camel-ftp's {@code sftp} component, whose producer does not ask the server about its own temporary name.
 * <p>Writing under a temporary name then renaming, camel-ftp asks the server three times per file whether a
 * name exists: the final name (which must not exist: {@code fileExist: Fail}), then twice the temporary
 * name (to delete a leftover, then again for the {@code Fail} rule applied to the name being written). The
 * last two cannot change what happens: the upload opens the temporary name to create or truncate it, so a
 * leftover of an interrupted upload is overwritten either way. Without them a file takes five requests (the
 * final name's check, open, write, close, rename) instead of seven; the final name is still checked before
 * every upload, and every other use of the component (the acknowledgement routes' consumers) is camel-ftp's
 * own.
 * <p>camel-ftp also sends a keep-alive before every file ({@code sendNoop}), to find a session the server has
 * closed and open a new one instead of failing the file. A session that carried a file less than a second
 * ago is taken to be alive, as a connection pool skips its check for a connection just used (HikariCP: half
 * a second): within a night's run of uploads the keep-alive is left out, and before the first file after a
 * pause, or after a failure, it is sent as before. A server that closes a session within that second fails
 * that one file's attempt, which is retried as any broken-off upload is.
 */
// the name under which Camel finds camel-ftp's generated configurers for the component and its endpoints
@org.apache.camel.spi.annotations.Component("sftp")
public final class DeliverySftpComponent extends SftpComponent {
    /** How long after a file it carried a session is taken to be alive without a keep-alive. */
    static final Duration ALIVE_WITHOUT_CHECK = Duration.ofSeconds(1);

    @Override
    protected GenericFileEndpoint<SftpRemoteFile> buildFileEndpoint(String uri, String remaining,
                                                                    Map<String, Object> parameters) throws Exception {
        // camel-ftp reads the URI into its configuration; the endpoint that carries it is ours
        SftpEndpoint read = (SftpEndpoint) super.buildFileEndpoint(uri, remaining, parameters);
        return new Endpoint(uri, this, read.getConfiguration());
    }

    private static final class Endpoint extends SftpEndpoint {
        Endpoint(String uri, SftpComponent component, SftpConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        protected GenericFileProducer<SftpRemoteFile> buildProducer() {
            // camel-ftp's own producer sets the endpoint's defaults (the strategy for an existing file)
            super.buildProducer();
            Operations operations = new Operations(getProxy());
            operations.setEndpoint(this);
            return new Producer(this, operations);
        }
    }

    /**
     * Names the temporary name of the file being written to its operations, for the time of the write, and
     * leaves out the keep-alive on a session that carried a file just now.
     */
    private static final class Producer extends RemoteFileProducer<SftpRemoteFile> {
        private final Operations operations;
        private final RecentUse session = new RecentUse(ALIVE_WITHOUT_CHECK, System::nanoTime);

        Producer(Endpoint endpoint, Operations operations) {
            super(endpoint, operations);
            this.operations = operations;
        }

        @Override
        protected void doPreWriteCheck(Exchange exchange, boolean noop) throws Exception {
            boolean alive = session.recent();
            session.forget(); // until this file is written, nothing is known of the session
            super.doPreWriteCheck(exchange, noop && !alive);
        }

        @Override
        public String createTempFileName(Exchange exchange, String fileName) {
            String temporary = super.createTempFileName(exchange, fileName);
            operations.writingUnder(temporary);
            return temporary;
        }

        @Override
        protected void processExchange(Exchange exchange, String target) throws Exception {
            try {
                super.processExchange(exchange, target);
                if (exchange.getException() == null) {
                    session.used();
                }
            } finally {
                operations.writingUnder(null);
            }
        }
    }

    /**
     * Answers "does not exist" for the temporary name being written, without asking the server. A producer
     * and its operations serve one route, a lane, which one thread uses at a time; were they shared, a name
     * from another write here would only cost the request it saves.
     */
    private static final class Operations extends SftpOperations {
        private String temporaryName;

        Operations(com.jcraft.jsch.Proxy proxy) {
            super(proxy);
        }

        void writingUnder(String name) {
            temporaryName = name;
        }

        @Override
        public boolean existsFile(String name) throws GenericFileOperationFailedException {
            if (name.equals(temporaryName)) {
                return false; // opened with create and truncate: a leftover is overwritten, not appended to
            }
            return super.existsFile(name);
        }
    }
}
