package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;

/**
 * Where a notification's bytes are kept. Every part of one webhook repeats the vendor's whole body as its raw record
 * (a webhook of 1,000 items makes 50 parts), so a raw record of {@link #SHARED_RAW_MIN} bytes or more goes to
 * {@code oc_raw}, once for the consecutive notifications of one transaction that repeat it (a webhook's parts are
 * stored in one), and each body keeps the bytes before and after it. Reading puts back exactly the bytes the store was
 * handed. Bodies stored whole (before version 2, or without a raw record) read back as they are.
 * <p>
 * A raw row belongs to the transaction that wrote it; another transaction writes its own, even of the same bytes. A row
 * shared across transactions could be purged as unreferenced while a transaction not yet committed is about to
 * reference it (H2 does not lock the row a foreign key points to), and that notification could never be delivered.
 */
final class Bodies {

    /** Below this, a row of its own costs more than the repeated bytes it saves. */
    static final int SHARED_RAW_MIN = 1024;
    /** What a query reads to {@linkplain #read read} a body, from {@code oc_body_seq b} and {@link #JOIN}. */
    static final String COLUMNS = "b.body, b.raw_id, b.tail, r.body";
    static final String JOIN = "LEFT JOIN oc_raw r ON r.raw_id = b.raw_id";

    /** The raw record a transaction wrote last, for the next notifications of that transaction that repeat it. */
    static final class LastRaw {
        private byte[] bytes;
        private String id;

        /** What it is now, to {@linkplain #restore restore} when writes run again after a rolled-back commit. */
        LastRaw copy() {
            LastRaw copy = new LastRaw();
            copy.restore(this);
            return copy;
        }

        void restore(LastRaw state) {
            bytes = state.bytes;
            id = state.id;
        }
    }

    private Bodies() {
    }

    /**
     * Stores the notification's body, under the sequence number of its row (stored just before, in the same
     * transaction), unless it is there already: also when the notification was there, so that a notification stored
     * again brings back a body that went missing.
     */
    static void insert(Connection connection, StoredNotification n, LastRaw last) throws SQLException {
        if (n.rawLength() < SHARED_RAW_MIN) {
            try (PreparedStatement body = connection.prepareStatement(
                    "INSERT INTO oc_body_seq (seq, body) SELECT seq, ? FROM oc_notification WHERE event_id = ? "
                    + "ON CONFLICT DO NOTHING")) {
                body.setBytes(1, n.body());
                body.setString(2, n.eventId());
                body.executeUpdate();
            }
            return;
        }
        byte[] bytes = n.body();
        int rawEnd = n.rawOffset() + n.rawLength();
        boolean repeated = last.id != null && Arrays.equals(last.bytes, 0, last.bytes.length, bytes, n.rawOffset(), rawEnd);
        String rawId = repeated ? last.id : UUID.randomUUID().toString();
        int inserted;
        try (PreparedStatement body = connection.prepareStatement(
                """
                INSERT INTO oc_body_seq (seq, body, raw_id, tail) SELECT seq, ?, ?, ? FROM oc_notification WHERE event_id = ?
                ON CONFLICT DO NOTHING""")) {
            body.setBytes(1, Arrays.copyOfRange(bytes, 0, n.rawOffset()));
            body.setString(2, rawId);
            body.setBytes(3, Arrays.copyOfRange(bytes, rawEnd, bytes.length));
            body.setString(4, n.eventId());
            inserted = body.executeUpdate();
        }
        // only with a body that refers to it: a webhook stored again (the vendor re-sent it) leaves no raw row behind
        if (inserted != 0 && !repeated) {
            byte[] raw = Arrays.copyOfRange(bytes, n.rawOffset(), rawEnd);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oc_raw (raw_id, body) VALUES (?, ?)")) {
                insert.setString(1, rawId);
                insert.setBytes(2, raw);
                insert.executeUpdate();
            }
            last.bytes = raw;
            last.id = rawId;
        }
    }

    /**
     * The bytes of the body read as {@link #COLUMNS} from {@code first} on; {@code null} when the body, or the raw record
     * it refers to, is missing.
     */
    static byte[] read(ResultSet row, int first) throws SQLException {
        byte[] head = row.getBytes(first);
        if (head == null || row.getString(first + 1) == null) {
            return head;
        }
        byte[] tail = row.getBytes(first + 2);
        byte[] raw = row.getBytes(first + 3);
        if (raw == null) {
            return null;
        }
        byte[] body = Arrays.copyOf(head, head.length + raw.length + tail.length);
        System.arraycopy(raw, 0, body, head.length, raw.length);
        System.arraycopy(tail, 0, body, head.length + raw.length, tail.length);
        return body;
    }

    /** Deletes the raw records no body refers to any more; returns how many. */
    static int purgeUnreferenced(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM oc_raw WHERE NOT EXISTS (SELECT 1 FROM oc_body_seq b WHERE b.raw_id = oc_raw.raw_id) "
                // bodies an older node wrote before this one started, not moved yet
                + "AND NOT EXISTS (SELECT 1 FROM oc_body b WHERE b.raw_id = oc_raw.raw_id)")) {
            return delete.executeUpdate();
        }
    }
}
