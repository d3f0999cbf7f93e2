package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing for as long as writes go on. Every commit appends a chunk to the file, and a
 * chunk's space is reused only once none of its pages is live and H2's retention time (45 s) has passed. Most pages of
 * a chunk are soon superseded, but a few stay live for good (a notification delivered long ago, an index page no later
 * write touches), so without compaction old chunks are never freed. H2 compacts from its background writer, which it
 * does not start with {@code WRITE_DELAY=0}: the store needs that setting (a commit is on disk when the webhook is
 * acknowledged), so it compacts itself. Measured with the gateway at 200 webhooks/s and then saturated: 4 GB in five
 * minutes, still growing, before; see docs/benchmarks.md.
 * <p>
 * Four times a second, when the database was written since the last pass, this rewrites the live pages of the emptiest
 * chunks older than the retention time ({@link MVStore#compact}, H2's own compaction) and commits them, so that those
 * chunks die and their space is reused; the file does not shrink while it is open. One daemon thread serves every
 * embedded database of the JVM; a database's pass ends when it closes. An H2 server ({@code jdbc:h2:tcp:}) gets
 * {@code WRITE_DELAY=0} too and does not compact either: that is logged, and left to whoever runs the server.
 */
final class H2Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
    private static final long INTERVAL_MILLIS = 250;
    /**
     * Live bytes a pass rewrites at most: H2's background writer rewrites up to a quarter of its write buffer per pass
     * under load (about 4.75 MB with a large heap); this much per pass keeps up with the gateway at saturation.
     */
    private static final int WRITE_PER_PASS = 4 << 20;
    /** Below this share of live pages in the chunks, the emptiest old chunks are rewritten. */
    private static final int TARGET_FILL_PERCENT = 50;
    private static final Set<MVStore> KEPT = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private static ScheduledExecutorService scheduler;

    private H2Housekeeping() {
    }

    /**
     * Starts keeping the database of this H2 connection, unless it is kept already, is in memory or read-only; warns
     * when it is reached through a server, whose file this cannot compact.
     */
    static void keep(Connection connection) throws SQLException {
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
            LOG.warn("The H2 event store is reached through a server: its file is written with WRITE_DELAY=0, which turns "
                     + "H2's own compaction off, and grows under load unless the server compacts it; an embedded file or "
                     + "PostgreSQL needs nothing");
            return;
        }
        MVStore mvStore = embeddedFile(local);
        if (mvStore != null && !mvStore.isReadOnly() && KEPT.add(mvStore)) {
            Pass pass = new Pass(mvStore);
            // a pass that ends at once still finds what to cancel: end() waits for this
            synchronized (pass) {
                pass.scheduled = scheduler().scheduleWithFixedDelay(pass, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The store of the embedded H2 file this connection works on; {@code null} in memory or through a server. */
    static MVStore embeddedFile(Connection connection) throws SQLException {
        return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local ? embeddedFile(local) : null;
    }

    private static MVStore embeddedFile(SessionLocal session) {
        if (!session.getDatabase().isPersistent() || session.getDatabase().getStore() == null) {
            return null;
        }
        MVStore mvStore = session.getDatabase().getStore().getMvStore();
        return mvStore.getFileStore() == null ? null : mvStore;
    }

    /** Whether a pass keeps this store: from {@link #keep} until the database closes. */
    static boolean isKept(MVStore mvStore) {
        return KEPT.contains(mvStore);
    }

    private static synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "openconnectors-h2-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
        }
        return scheduler;
    }

    /** One database's pass: compacts when it was written since the last one; ends once the database is closed. */
    private static final class Pass implements Runnable {

        private final MVStore mvStore;
        private ScheduledFuture<?> scheduled;
        private long versionSeen = -1;

        Pass(MVStore mvStore) {
            this.mvStore = mvStore;
        }

        @Override
        public void run() {
            if (mvStore.isClosed()) {
                end();
                return;
            }
            long version = mvStore.getCurrentVersion();
            if (version == versionSeen) {
                return; // nothing written since the last pass: nothing new to compact
            }
            versionSeen = version;
            try {
                if (mvStore.compact(TARGET_FILL_PERCENT, WRITE_PER_PASS)) {
                    // here rather than in the next webhook's commit, and also when no webhook comes
                    mvStore.commit();
                }
            } catch (RuntimeException | Error e) {
                // H2 closes a store whose compaction failed ("panic"), as its own background writer does
                if (mvStore.isClosed() || e instanceof Error) {
                    LOG.error("Compacting the H2 event store failed; its file is no longer compacted: {}", e.toString());
                    end();
                } else {
                    LOG.warn("Cannot compact the H2 event store now (tried again in {} ms): {}", INTERVAL_MILLIS, e.toString());
                }
            }
        }

        private synchronized void end() {
            KEPT.remove(mvStore);
            scheduled.cancel(false);
        }
    }
}
