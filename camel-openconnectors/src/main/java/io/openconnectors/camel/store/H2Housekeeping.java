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
import java.util.concurrent.atomic.AtomicReference;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing for as long as writes go on, doing what H2's background writer does when it
 * runs. Every commit appends a chunk to the file, and a chunk's space is reused only once none of its pages is live
 * and H2's retention time (45 s) has passed. Most pages of a chunk are soon superseded, but a few stay live for good
 * (a notification delivered long ago, an index page no later write touches), so without compaction old chunks are
 * never freed. H2 compacts from its background writer, which it does not start with {@code WRITE_DELAY=0}: the store
 * needs that setting (a commit is on disk when the webhook is acknowledged), so it compacts itself. Measured with the
 * gateway at 200 webhooks/s and then saturated: 4 GB in five minutes, still growing, before; see docs/benchmarks.md.
 * <p>
 * Four times a second, when the database was written since the last pass, this rewrites the live pages of the emptiest
 * chunks older than the retention time ({@link MVStore#compact}, H2's own compaction), so that those chunks die and
 * their space is reused. One daemon thread serves every embedded database of the JVM; a database's task ends when it
 * closes. H2 reached through a server ({@code jdbc:h2:tcp:}) compacts in the server; in memory there is no file.
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
     * Starts keeping the database of this H2 connection, unless it is kept already, is not an embedded file, or is
     * read-only.
     *
     * @return whether it is kept (now or already)
     */
    static boolean keep(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return false;
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || !local.getDatabase().isPersistent()) {
            return false;
        }
        Store store = local.getDatabase().getStore();
        MVStore mvStore = store == null ? null : store.getMvStore();
        if (mvStore == null || mvStore.getFileStore() == null || mvStore.isReadOnly()) {
            return false;
        }
        if (KEPT.add(mvStore)) {
            Pass pass = new Pass(mvStore);
            pass.future.set(scheduler().scheduleWithFixedDelay(pass, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
        }
        return true;
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
        private final AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();
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
                // what it rewrites goes to disk with the next commit, which also frees the chunks that died
                mvStore.compact(TARGET_FILL_PERCENT, WRITE_PER_PASS);
            } catch (RuntimeException e) {
                if (mvStore.isClosed()) {
                    end(); // closed while compacting
                } else {
                    LOG.warn("Cannot compact the H2 event store now (tried again in {} ms): {}", INTERVAL_MILLIS, e.toString());
                }
            }
        }

        private void end() {
            KEPT.remove(mvStore);
            ScheduledFuture<?> scheduled = future.get();
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
